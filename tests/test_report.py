from __future__ import annotations

import io
import json
import logging

from publisher.models import Usage
from publisher.report.console import RunPrinter, configure_logging
from publisher.report.outcomes import Outcome, RunReport, Status


def test_library_warnings_follow_the_log_format_and_quiet() -> None:
    stream = io.StringIO()
    configure_logging("json", quiet=False, stream=stream)
    logging.getLogger("publisher.targets.strapi_http").warning("retry %d/%d", 1, 4)
    assert json.loads(stream.getvalue()) == {
        "event": "log",
        "level": "warning",
        "logger": "publisher.targets.strapi_http",
        "message": "retry 1/4",
    }
    quiet = io.StringIO()
    configure_logging("text", quiet=True, stream=quiet)
    logging.getLogger("publisher.targets.strapi_http").warning("retry 1/4")
    logging.getLogger("publisher.targets.strapi").error("upload lost")
    assert quiet.getvalue() == "    ERROR  upload lost\n"


def report(*outcomes: Outcome) -> RunReport:
    usage = Usage(calls=2, input_tokens=5000, output_tokens=3000, cost_usd=0.06)
    return RunReport(run_id="r", outcomes=list(outcomes), usage=usage, seconds=1.5)


def test_plain_lines_name_each_note_and_the_summary_counts() -> None:
    stream = io.StringIO()
    printer = RunPrinter("text", quiet=False, stream=stream)
    ok = Outcome(note_id="a", status=Status.PUBLISHED, warnings=["cover: 429; drew a cover"])
    bad = Outcome(note_id="b", status=Status.FAILED, detail="enrich: invalid JSON twice")
    same = Outcome(note_id="c", status=Status.UNCHANGED)
    for outcome in (ok, bad, same):
        printer.outcome(outcome)
    printer.finish(report(ok, bad, same))
    lines = stream.getvalue().splitlines()
    assert lines[:3] == [
        "published  a",
        "  warning  a: cover: 429; drew a cover",
        "   failed  b: enrich: invalid JSON twice",
    ]
    assert lines[-1] == (
        "1 published, 1 unchanged, 1 failed in 1.5s; LLM: 2 call(s), 5000 in / 3000 out"
        " tokens, est. $0.0600"
    )


def test_quiet_printer_is_silent_when_all_is_well() -> None:
    stream = io.StringIO()
    printer = RunPrinter("text", quiet=True, stream=stream)
    ok = Outcome(note_id="a", status=Status.PUBLISHED)
    printer.outcome(ok)
    printer.finish(report(ok))
    assert stream.getvalue() == ""

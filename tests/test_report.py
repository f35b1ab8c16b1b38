from __future__ import annotations

import io
import json
import logging

from publisher.errors import AuthError, ConfigError, StopRun
from publisher.exitcodes import ExitCode
from publisher.locations import Location
from publisher.models import Usage
from publisher.report.console import RunPrinter, configure_logging
from publisher.report.outcomes import Outcome, RunReport, Status, stop_code
from publisher.stale import StaleNote


def test_library_warnings_follow_the_log_format_and_quiet() -> None:
    stream = io.StringIO()
    configure_logging("json", quiet=False, stream=stream)
    logging.getLogger("publisher.targets.strapi_http").warning("retry %d/%d", 1, 4)
    event = json.loads(stream.getvalue())
    assert event.pop("ts").endswith("Z")
    assert event == {
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
    out, err = io.StringIO(), io.StringIO()
    printer = RunPrinter("text", quiet=False, out=out, err=err)
    ok = Outcome(note_id="a", status=Status.PUBLISHED, warnings=["cover: 429; drew a cover"])
    bad = Outcome(note_id="b", status=Status.FAILED, detail="enrich: invalid JSON twice")
    same = Outcome(note_id="c", status=Status.UNCHANGED)
    for outcome in (ok, bad, same):
        printer.outcome(outcome)
    printer.finish(report(ok, bad, same))
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["published  a", "   failed  b: enrich: invalid JSON twice"]
    assert lines[-1] == (
        "1 published, 1 unchanged, 1 failed in 1.5s; LLM: 2 call(s), 5000 in / 3000 out"
        " tokens, est. $0.0600"
    )
    assert err.getvalue().splitlines() == ["  warning  a: cover: 429; drew a cover"]


def test_quiet_printer_is_silent_when_all_is_well() -> None:
    out, err = io.StringIO(), io.StringIO()
    printer = RunPrinter("text", quiet=True, out=out, err=err)
    ok = Outcome(note_id="a", status=Status.PUBLISHED)
    printer.outcome(ok)
    printer.finish(report(ok))
    assert out.getvalue() == err.getvalue() == ""


def test_quiet_printer_says_each_cause_once_not_once_per_note() -> None:
    out, err = io.StringIO(), io.StringIO()
    printer = RunPrinter("text", quiet=True, out=out, err=err)
    cause = "enrich: anthropic: APIConnectionError after 3 retries: Connection error."
    down = [Outcome(note_id=i, status=Status.PENDING, detail=cause) for i in "abc"]
    for outcome in down:
        printer.outcome(outcome)
    result = report(*down)
    printer.finish(result)
    assert err.getvalue().splitlines() == [f"pending: {cause}; 3 note(s) left pending (a, b, c)"]
    assert out.getvalue().startswith("3 pending in 1.5s")
    assert result.exit_code == ExitCode.NEEDS_A_LOOK


def test_quiet_printer_folds_not_started_notes_under_the_stop_reason() -> None:
    err = io.StringIO()
    printer = RunPrinter("text", quiet=True, out=io.StringIO(), err=err)
    reason = "strapi is unreachable, nothing published: connection refused"
    held = [
        Outcome(note_id=i, status=Status.PENDING, detail=f"not started: {reason}") for i in "ab"
    ]
    result = report(*held)
    result.stopped = reason
    printer.finish(result)
    assert err.getvalue().splitlines() == [f"stopped: {reason}; 2 note(s) left pending (a, b)"]
    assert result.exit_code == ExitCode.NEEDS_A_LOOK


def test_stale_notes_are_reported_and_fail_the_run() -> None:
    err = io.StringIO()
    printer = RunPrinter("text", quiet=True, out=io.StringIO(), err=err)
    result = report(Outcome(note_id="a", status=Status.UNCHANGED))
    result.stale = [
        StaleNote(
            note_id="b",
            path="notes/b.md",
            pending_since="2026-12-07T01:00:00+00:00",
            last_error="enrich: anthropic: HTTP 500",
        ),
    ]
    printer.finish(result)
    assert err.getvalue().splitlines() == [
        "stale: 1 note(s) pending since 2026-12-07T01:00:00+00:00 (b): enrich: anthropic: HTTP 500"
    ]
    assert result.exit_code == ExitCode.NEEDS_A_LOOK


def test_refused_credentials_stop_with_the_configuration_code() -> None:
    assert stop_code(AuthError("anthropic refused the credentials")) == ExitCode.USAGE
    assert stop_code(ConfigError("prompt file missing")) == ExitCode.USAGE
    assert stop_code(StopRun("strapi is unreachable")) == ExitCode.NEEDS_A_LOOK


def test_json_summary_carries_the_exit_code() -> None:
    out = io.StringIO()
    printer = RunPrinter("json", out=out, err=io.StringIO())
    bad = Outcome(note_id="b", status=Status.PENDING, detail="publish: strapi: HTTP 502")
    printer.outcome(bad)
    printer.finish(report(bad))
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [e["event"] for e in events] == ["note", "summary"]
    assert events[-1]["exit_code"] == 1


def test_json_note_events_are_self_contained() -> None:
    out = io.StringIO()
    printer = RunPrinter("json", out=out, err=io.StringIO(), llm=("anthropic", "claude-x"))
    where = {"ru": Location(id="site/ru/x/index.md"), "en": Location(id="site/en/x/index.md")}
    done = Outcome(
        note_id="x",
        status=Status.PUBLISHED,
        path="notes/x.md",
        locations=where,
        usage=Usage(calls=1, input_tokens=10, output_tokens=5, cost_usd=0.0123456789),
        seconds={"enrich": 1.23456789},
    )
    bad = Outcome(note_id="y", status=Status.FAILED, detail="enrich: invalid JSON twice")
    printer.outcome(done)
    printer.outcome(bad)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["ts"].endswith("Z") and first["level"] == "info"
    assert first["path"] == "notes/x.md"
    assert first["locations"]["ru"] == {"id": "site/ru/x/index.md", "url": None}
    assert first["usage"]["provider"] == "anthropic" and first["usage"]["model"] == "claude-x"
    assert first["usage"]["cost_usd"] == 0.012346
    assert first["seconds"] == {"enrich": 1.235}
    assert second["level"] == "error"


def test_a_published_line_says_where_each_locale_went() -> None:
    out = io.StringIO()
    printer = RunPrinter("text", out=out, err=io.StringIO())
    url = "http://cms.example/api/notes/abc123?locale=ru"
    printer.outcome(
        Outcome(
            note_id="x",
            status=Status.PUBLISHED,
            locations={"ru": Location(id="abc123", url=url), "en": Location(id="def456")},
        )
    )
    assert out.getvalue() == f"published  x -> ru {url} · en def456\n"


def test_the_stage_time_row_says_it_sums_worker_time() -> None:
    out = io.StringIO()
    printer = RunPrinter("text", out=out, err=io.StringIO())
    done = Outcome(note_id="a", status=Status.PUBLISHED, seconds={"enrich": 2.0})
    printer.finish(report(done, done))
    assert "worker time" in out.getvalue()
    assert "enrich 4.0s (summed over notes; wall time 1.5s)" in out.getvalue()

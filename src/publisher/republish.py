"""Publishing what state already holds, with no LLM: ``scripts/update_site.py``."""

from __future__ import annotations

from publisher.config import Settings
from publisher.pipeline import Runner
from publisher.report.console import RunPrinter
from publisher.report.outcomes import Outcome, Status
from publisher.wiring import build_services


def republish_stored(settings: Settings, note_ids: list[str] | None) -> int:
    """Re-publish the stored posts of ``note_ids`` (every stored note when None).

    Returns the exit code: 0 all published, 1 some failed or had no stored post, 2 the run
    was stopped (bad token, unknown locale).
    """
    services = build_services(settings)
    printer = RunPrinter(title="scripts/update_site.py (stored posts)")
    with services.state:
        stored = {r.id: r.enrichment for r in services.state.notes() if r.enrichment}
        wanted = list(stored) if note_ids is None else note_ids
        missing = [
            Outcome(
                note_id=note_id,
                status=Status.FAILED,
                detail="no stored post: run `publisher run --only ID` first",
            )
            for note_id in wanted
            if note_id not in stored
        ]
        for outcome in missing:
            printer.outcome(outcome)
        report = Runner(settings, services).run_stored(
            [stored[i] for i in wanted if i in stored],
            initial=missing,
            on_outcome=printer.outcome,
        )
    printer.finish(report)
    return report.exit_code

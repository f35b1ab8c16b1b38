"""``--log-format json``: one self-contained JSON object per note and one for the run.

A log collector gets what it needs without context: when (``ts``, UTC), how bad (``level``),
which note and file, where the post went, and figures rounded to what they mean (seconds to the
millisecond, dollars to the micro-dollar). ``provider``/``model`` are filled from the settings
when no call was made, so every event says which LLM the run was configured for.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from publisher.models import Usage
from publisher.report.outcomes import Outcome, RunReport, Status

LEVELS = {Status.FAILED: "error", Status.PENDING: "warning", Status.SKIPPED: "warning"}


def now_ts() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def usage_json(usage: Usage, provider: str, model: str) -> dict[str, Any]:
    data = usage.model_dump()
    data["provider"] = usage.provider or provider
    data["model"] = usage.model or model
    data["cost_usd"] = round(usage.cost_usd, 6)
    return data


def rounded(seconds: dict[str, float]) -> dict[str, float]:
    return {stage: round(value, 3) for stage, value in seconds.items()}


def note_event(outcome: Outcome, provider: str, model: str) -> dict[str, Any]:
    data = outcome.model_dump(mode="json", exclude={"usage", "seconds"})
    return {
        "event": "note",
        "ts": now_ts(),
        "level": LEVELS.get(outcome.status, "info"),
        **data,
        "usage": usage_json(outcome.usage, provider, model),
        "seconds": rounded(outcome.seconds),
    }


def stage_seconds(report: RunReport) -> dict[str, float]:
    """Seconds per stage summed over the notes: worker time, more than the wall time when
    notes run in parallel."""
    totals: dict[str, float] = {}
    for outcome in report.outcomes:
        for stage, secs in outcome.seconds.items():
            totals[stage] = totals.get(stage, 0.0) + secs
    return rounded(totals)


def summary_event(report: RunReport, provider: str = "", model: str = "") -> dict[str, Any]:
    """The run: counts, cost, why it stopped, the exit code."""
    code = report.exit_code
    return {
        "event": "summary",
        "ts": now_ts(),
        "level": "info" if code == 0 else "error",
        "run_id": report.run_id,
        "counts": {s.value: report.count(s) for s in Status if report.count(s)},
        "usage": usage_json(report.usage, provider, model),
        "estimate": usage_json(report.estimate, provider, model) if report.estimate else None,
        "stopped": report.stopped,
        "stale": [note.model_dump() for note in report.stale],
        "service_errors": report.service_errors,
        "exit_code": int(code),
        "seconds": round(report.seconds, 3),
        "stage_worker_seconds": stage_seconds(report),
    }

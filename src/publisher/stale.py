"""Notes that have waited on a service too long: what makes a long outage loud under cron.

A transient failure leaves a note pending for the next run, which is right for a blip and wrong
for an LLM that has been down all day: past ``pending_alert_hours`` the note is reported and the
run exits non-zero even when this run did not touch it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel

from publisher.state import StateStore


class StaleNote(BaseModel):
    """A note that has waited on a service for longer than ``pending_alert_hours``."""

    note_id: str
    path: str
    pending_since: str
    last_error: str


def stale_notes(state: StateStore, hours: float, now: datetime | None = None) -> list[StaleNote]:
    """Pending notes older than ``hours`` whose file still exists (a deleted note is no alarm)."""
    cutoff = (now or datetime.now(UTC)) - timedelta(hours=hours)
    return [
        StaleNote(
            note_id=record.id,
            path=record.path,
            pending_since=record.pending_since or "",
            last_error=record.last_error or "",
        )
        for record in state.pending_since_before(cutoff.isoformat(timespec="seconds"))
        if Path(record.path).exists()
    ]

"""What a run is doing right now, for the progress line: notes in flight and why it waits.

The runner registers each note while one of its stages runs (the note's ``Attempt`` knows the
stage: enrich, cover, publish); the rate limiters say when they hold requests back (pacing, or a
service's Retry-After). The progress display polls both a few times a second, so a run that
looks stuck says what it is waiting for.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol, runtime_checkable

from publisher.report.outcomes import Attempt

SHOWN_PER_STAGE = 3


@runtime_checkable
class Holding(Protocol):
    """A rate limiter that can say why requests wait (``publisher.ratelimit.RateLimiter``)."""

    def holding(self) -> str | None: ...


class InFlight:
    """The attempts whose stage is running now, safe to read from the display thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attempts: dict[int, Attempt] = {}

    @contextmanager
    def track(self, attempt: Attempt) -> Iterator[None]:
        with self._lock:
            self._attempts[id(attempt)] = attempt
        try:
            yield
        finally:
            with self._lock:
                self._attempts.pop(id(attempt), None)

    def snapshot(self) -> list[tuple[str, str]]:
        """(note id, stage) of every note in flight, oldest first."""
        with self._lock:
            return [(a.note_id, a.stage) for a in self._attempts.values()]


def activity_text(in_flight: Sequence[tuple[str, str]], holds: Sequence[str]) -> str:
    """``enrich 3 (a, b, c) · publish 1 (d) · waiting: pacing llm 50/min``."""
    by_stage: dict[str, list[str]] = {}
    for note_id, stage in in_flight:
        by_stage.setdefault(stage, []).append(note_id)
    parts = []
    for stage, ids in by_stage.items():
        shown = ", ".join(ids[:SHOWN_PER_STAGE]) + (", …" if len(ids) > SHOWN_PER_STAGE else "")
        parts.append(f"{stage} {len(ids)} ({shown})")
    if holds:
        parts.append("waiting: " + "; ".join(holds))
    return " · ".join(parts)


def holds_of(limiters: Sequence[object]) -> list[str]:
    """What each limiter that can tell is holding back now."""
    found = []
    for limiter in limiters:
        if isinstance(limiter, Holding):
            reason = limiter.holding()
            if reason:
                found.append(reason)
    return found

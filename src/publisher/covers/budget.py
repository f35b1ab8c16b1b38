"""The Unsplash hourly request budget, shared by every worker and every run.

A demo key allows 50 requests an hour and answers 403/429 past that; cron runs close together
would each think they start fresh, so the timestamps of recent requests live in a file under
the cache folder, behind a file lock.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from filelock import FileLock, Timeout

from publisher.atomic import write_atomic

WINDOW_SECONDS = 3600.0


class BudgetUnusable(Exception):
    """The budget file cannot be locked, read or written: no request can be counted."""


class HourlyBudget:
    def __init__(self, path: Path, limit: int, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.limit = limit
        self._clock = clock
        self._lock = FileLock(f"{path}.lock", timeout=30)

    @contextmanager
    def _locked(self) -> Iterator[tuple[list[float], float]]:
        """The recent timestamps and the time, under the lock; an uncountable budget raises."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                now = self._clock()
                yield self._load(now), now
        except (Timeout, OSError) as exc:
            raise BudgetUnusable(f"{self.path}: {type(exc).__name__}") from exc

    def reserve(self, count: int) -> bool:
        """Count ``count`` requests about to be made, or refuse if they would pass the limit."""
        with self._locked() as (stamps, now):
            if len(stamps) + count > self.limit:
                return False
            self._save([*stamps, *([now] * count)])
            return True

    def refund(self, count: int) -> None:
        """Give back reserved requests that were never made (best effort: over-counting is safe)."""
        with suppress(BudgetUnusable), self._locked() as (stamps, _):
            self._save(stamps[: max(0, len(stamps) - count)])

    def observe_remaining(self, remaining: int) -> None:
        """Trust the server when it says fewer requests are left than we think (a shared key).

        Best effort: if the file is unusable the next ``reserve`` says so, and the server
        itself still answers 429 when we are over.
        """
        with suppress(BudgetUnusable), self._locked() as (stamps, now):
            missing = self.limit - len(stamps) - max(0, remaining)
            if missing > 0:
                self._save([*stamps, *([now] * missing)])

    def exhaust(self) -> None:
        """The server said we are over the limit: make no request for the next hour."""
        self.observe_remaining(0)

    def used(self) -> int:
        with self._locked() as (stamps, _):
            return len(stamps)

    def _load(self, now: float) -> list[float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            stamps = [float(stamp) for stamp in data["requests"]]
        except (OSError, ValueError, TypeError, KeyError):
            return []  # no file yet, or an unreadable one: it is rewritten on the next request
        return sorted(stamp for stamp in stamps if now - stamp < WINDOW_SECONDS)

    def _save(self, stamps: list[float]) -> None:
        payload = {"window_seconds": WINDOW_SECONDS, "requests": stamps}
        write_atomic(self.path, json.dumps(payload).encode("utf-8"))

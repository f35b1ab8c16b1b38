"""Per-service request pacing that follows what the service says it allows.

A token bucket per service, shared by all worker threads: up to ``burst`` requests go out at
once, then one every ``1 / rate`` seconds. The rate starts from the configured figure and then
follows the service (``observe``): Anthropic's ``anthropic-ratelimit-requests-limit`` sets the
rate (up or down), ``-remaining`` caps (or refills) the bucket, a spent bucket waits for
``-reset``, and a ``retry-after`` holds every worker, not only the one that got the 429.
``holding()`` says, while any of that keeps callers waiting, why, for the progress line.

HTTP clients get the limiter as a ``requests`` adapter, so every request the Strapi or Unsplash
client makes is paced without the client knowing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter

LIMIT = "anthropic-ratelimit-requests-limit"
REMAINING = "anthropic-ratelimit-requests-remaining"
RESET = "anthropic-ratelimit-requests-reset"
RETRY_AFTER = "retry-after"


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def seconds_until(stamp: str | None, now: float) -> float | None:
    """Seconds from ``now`` (a Unix time) to an RFC 3339 time such as ``-reset`` gives."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.timestamp() - now


class RateLimiter:
    def __init__(
        self,
        rate_per_second: float,
        burst: int = 1,
        *,
        name: str = "",
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.name = name or "requests"
        self.rate = rate_per_second
        self.burst = max(1, burst)
        self.waited = 0.0  # seconds callers spent waiting, over the limiter's life
        self.last_hold = ""  # the reason of the latest hold, e.g. a Retry-After
        self._tokens = float(self.burst)
        self._clock = clock
        self._wall = wall
        self._sleep = sleep
        self._updated = clock()
        self._held_until = 0.0
        self._hold_reason = ""
        self._waiting = 0
        self._lock = threading.Lock()

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def acquire(self) -> float:
        """Take one token, waiting if none is left or a hold is on; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            self._tokens -= 1
            paced = -self._tokens / self.rate if self._tokens < 0 else 0.0
            wait = max(paced, self._held_until - now)
            if wait > 0:
                self._waiting += 1
                self.waited += wait
        if wait > 0:
            try:
                self._sleep(wait)
            finally:
                with self._lock:
                    self._waiting -= 1
        return wait

    def hold(self, seconds: float, reason: str) -> None:
        """Make every caller of ``acquire`` wait ``seconds`` from now (a Retry-After);
        ``holding()`` reports ``reason`` until it ends. Never blocks the caller itself."""
        with self._lock:
            until = self._clock() + max(0.0, seconds)
            self.last_hold = reason
            if until > self._held_until:
                self._held_until = until
                self._hold_reason = reason

    def holding(self) -> str | None:
        """Why callers wait right now (a hold, or the pace), or None; cheap and non-blocking."""
        with self._lock:
            if self._held_until > self._clock():
                return self._hold_reason
            if self._waiting:
                return f"pacing {self.name} {self.rate * 60:.0f}/min"
            return None

    def observe(self, headers: Mapping[str, str]) -> None:
        """Follow a response's rate-limit headers (names are matched case-insensitively)."""
        lowered = {key.lower(): value for key, value in headers.items()}
        limit = _number(lowered.get(LIMIT))
        remaining = _number(lowered.get(REMAINING))
        retry_after = _number(lowered.get(RETRY_AFTER))
        with self._lock:
            self._refill(self._clock())
            if limit is not None and limit > 0:
                self.rate = limit / 60.0  # the account's requests per minute
            if remaining is not None:
                self._tokens = min(float(self.burst), remaining)
        if remaining is not None and remaining < 1:
            reset = seconds_until(lowered.get(RESET), self._wall())
            if reset is not None and reset > 0:
                self.hold(reset, f"{self.name} rate limit resets in {reset:.0f}s")
        if retry_after is not None and retry_after > 0:
            self.hold(retry_after, f"Retry-After {retry_after:g}s from {self.name}")


class RateLimitedAdapter(HTTPAdapter):
    def __init__(self, limiter: RateLimiter, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limiter = limiter

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Wait for the limiter, then send as HTTPAdapter does (its arguments pass through)."""
        self.limiter.acquire()
        return super().send(request, *args, **kwargs)


def paced_session(limiter: RateLimiter, pool_size: int = 16) -> requests.Session:
    """A Session whose every request waits for the limiter; the pool fits the worker count."""
    session = requests.Session()
    adapter = RateLimitedAdapter(limiter, pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session

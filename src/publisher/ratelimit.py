"""Per-service request pacing, so a burst of parallel notes never trips a 429.

A token bucket per service, shared by all worker threads: up to ``burst`` requests go out at
once, then one every ``1 / rate`` seconds. HTTP clients get it as a ``requests`` adapter, so
every request the Strapi or Unsplash client makes is paced without the client knowing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter


class RateLimiter:
    def __init__(
        self,
        rate_per_second: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.rate = rate_per_second
        self.burst = max(1, burst)
        self._tokens = float(self.burst)
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, waiting if none is left; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            self._tokens -= 1
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait > 0:
            self._sleep(wait)
        return wait


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

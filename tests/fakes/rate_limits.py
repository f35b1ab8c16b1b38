"""The rate limit of a fake API account, answered the way Anthropic's Messages API does.

A token bucket of ``rpm`` requests, refilled continuously: each admitted request gets the
``anthropic-ratelimit-requests-*`` headers, a request over the limit gets a 429 with
``retry-after``. ``rejected`` counts the 429s, so a benchmark can show pacing avoided them.
"""

from __future__ import annotations

import math
import threading
import time
from datetime import UTC, datetime


class AccountLimit:
    def __init__(self, rpm: int) -> None:
        self.rpm = rpm
        self.rate = rpm / 60.0
        self.rejected = 0
        self._tokens = float(rpm)
        self._updated = time.monotonic()
        self._lock = threading.Lock()

    def admit(self) -> tuple[bool, dict[str, str]]:
        """Take one request: (admitted, the headers to answer with)."""
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.rpm, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            if self._tokens < 1:
                self.rejected += 1
                wait = math.ceil((1 - self._tokens) / self.rate)
                return False, {**self._headers(), "retry-after": str(wait)}
            self._tokens -= 1
            return True, self._headers()

    def _headers(self) -> dict[str, str]:
        full_in = (self.rpm - self._tokens) / self.rate
        reset = datetime.fromtimestamp(time.time() + full_in, UTC)
        return {
            "anthropic-ratelimit-requests-limit": str(self.rpm),
            "anthropic-ratelimit-requests-remaining": str(int(self._tokens)),
            "anthropic-ratelimit-requests-reset": reset.isoformat().replace("+00:00", "Z"),
        }

"""The I/O edges of a run, bundled: state, target, covers, the LLM (built on first use).

:func:`publisher.wiring.build_services` builds the real ones from settings; tests and
benchmarks pass their own fakes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from publisher.covers.step import CoverMakerLike
from publisher.enrich.step import EnricherLike
from publisher.ratelimit import RateLimiter
from publisher.state import StateStore
from publisher.targets.base import Target


@dataclass
class Services:
    """The I/O edges of a run; tests and benchmarks pass their own."""

    state: StateStore
    target: Target
    covers: CoverMakerLike
    enricher_factory: Callable[[], EnricherLike]
    llm_limiter: RateLimiter | None = None
    limiters: list[RateLimiter] = field(default_factory=list)  # polled by the progress line
    _enricher: EnricherLike | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    @property
    def enricher(self) -> EnricherLike:
        """Built on first use, so a run with nothing to enrich never loads an SDK."""
        with self._lock:
            if self._enricher is None:
                self._enricher = self.enricher_factory()
            return self._enricher

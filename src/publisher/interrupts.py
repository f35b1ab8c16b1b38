"""Ctrl-C and SIGTERM keep what was paid for.

The first signal does not raise: it asks the run to stop taking notes (``Runner.interrupt``), so
LLM calls already in flight finish and their results are saved before the state database
closes; the next run publishes them without paying again. A second signal raises
``KeyboardInterrupt`` in the main thread: the calls still in flight are abandoned.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def interrupted_line(published: int, saved: int) -> str:
    """The run's last line after an interrupt: what was kept."""
    return f"interrupted: {published} published, {saved} saved for the next run"


class InterruptGuard:
    """Installs the two-step handler for SIGINT and SIGTERM while a run is in progress.

    ``on_first`` must be safe to call from a signal handler (set a flag, no locks); ``notify``
    gets one line for the person who pressed Ctrl-C.
    """

    def __init__(self, on_first: Callable[[], None], notify: Callable[[str], None]) -> None:
        self.on_first = on_first
        self.notify = notify
        self.signals = 0
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.signals += 1
        if self.signals > 1:
            raise KeyboardInterrupt
        self.on_first()
        name = signal.Signals(signum).name
        self.notify(
            f"{name}: stopping; LLM calls in flight finish and are saved "
            "(press Ctrl-C again to abandon them)"
        )

    def __enter__(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            for signum in SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

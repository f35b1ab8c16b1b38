"""A total deadline for one network call, whatever the HTTP client does inside it.

Per-read timeouts (httpx, requests, urllib3) restart with every byte received, so a server that
drips one byte a second keeps a call, and the run, alive forever; urllib3's ``total`` bounds only
the time before the first read. :func:`within` runs the call in a daemon thread and stops waiting
at the deadline: the caller gets the error ``expired()`` builds and the run moves on, while the
abandoned thread ends with the connection (or with the process: it never blocks the exit).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from publisher.errors import StopRun

T = TypeVar("T")


class DeadlineExceeded(StopRun):
    """A service gave no complete answer within its total deadline.

    It stops the run: a service that slow is answering every call that way, and waiting a
    deadline per note is what kept runs alive for hours.
    """


def within(seconds: float, call: Callable[[], T], expired: Callable[[], Exception]) -> T:
    """``call()``'s result or exception if it finishes within ``seconds``; else ``expired()``."""
    outcome: list[T] = []
    failure: list[BaseException] = []
    finished = threading.Event()

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the caller's thread below
            failure.append(exc)
        finally:
            finished.set()

    threading.Thread(target=run, name="deadline-call", daemon=True).start()
    if not finished.wait(seconds):
        raise expired()
    if failure:
        raise failure[0]
    return outcome[0]


def service_deadline(service: str, seconds: float, setting: str) -> Callable[[], Exception]:
    """The error for ``within`` when ``service`` is too slow: one line naming the setting."""
    return lambda: DeadlineExceeded(
        f"{service}: no complete answer within the {seconds:g} s deadline ({setting})"
    )

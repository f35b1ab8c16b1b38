"""The interface every publishing target implements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from publisher.models import EnrichedNote, Publication

RecordPublication = Callable[[Publication], None]


class Target(Protocol):
    """Writes one note in every locale, idempotently.

    ``previous`` holds what state already knows per locale (ids from an earlier run), so a
    rerun updates the same entries instead of creating new ones. ``record`` is called as
    soon as each locale is written, so a crash after the first locale loses nothing.
    Failures are raised as ``publisher.errors`` kinds: AuthError/StopRun stop the run,
    NoteError fails this note, RetryLater leaves it pending.
    """

    name: str

    def check(self) -> None:
        """Preflight before any write (credentials, locales, schema); raises StopRun."""
        ...

    def publish(
        self,
        note: EnrichedNote,
        previous: dict[str, Publication],
        record: RecordPublication,
    ) -> list[Publication]: ...

"""The interface every publishing target implements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from publisher.models import EnrichedNote, Publication

RecordPublication = Callable[[Publication], None]
# A note's publications so far on one target, by locale (what state knows before publishing).
Published = dict[str, Publication]


@dataclass(frozen=True)
class DoctorCheck:
    """One line of ``publisher doctor``: what was checked, and what to do when it failed."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None
    warning: bool = False  # works, but should be fixed: shown with its fix, does not fail


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

    def doctor(self) -> list[DoctorCheck]:
        """Everything ``publisher doctor`` should say about this target, without writing."""
        ...

    def still_there(self, pub: Publication) -> bool:
        """Whether the post ``pub`` records is still where it was written, known without a
        network request (an unchanged note must cost nothing). A post found gone is written
        again from the stored enrichment, with no LLM call."""
        ...

    def publish(
        self, note: EnrichedNote, previous: Published, record: RecordPublication
    ) -> list[Publication]: ...

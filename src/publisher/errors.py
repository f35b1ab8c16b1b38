"""Error kinds the pipeline acts on.

The pipeline does not care which service failed, only what to do next: stop the whole run
(bad credentials), fail this note with a reason, or leave it pending for the next run. Each
adapter (LLM provider, Strapi, Unsplash, source) translates its own failures into these.
Messages are one line and must never contain secrets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publisher.models import Usage


class PublisherError(Exception):
    """Base class; ``str(err)`` is the one-line reason shown to the user.

    ``usage`` is set when LLM calls were billed before the failure, so the cost is recorded.
    """

    usage: Usage | None = None


class ConfigError(PublisherError):
    """A setting is missing or invalid: exit code 2 before any side effect."""


class UsageError(PublisherError):
    """The command line names something that does not exist (a note id): exit code 2."""


class NoteError(PublisherError):
    """This note cannot be processed (bad input, invalid model output, rejected by the CMS)."""


class AddressTaken(NoteError):
    """The target already holds another entry at this post's address (made by hand, or by a
    publisher with another state): the run gives the post a new address and writes again."""

    def __init__(self, locale: str, slug: str) -> None:
        super().__init__(f"the {locale} address {slug!r} is taken in the target by another entry")
        self.locale = locale
        self.slug = slug


class SourceError(NoteError):
    """The note file itself is unreadable: binary, invalid UTF-8, broken front matter, empty."""


class RetryLater(PublisherError):
    """A transient failure (429, 5xx, timeout, overload): the note waits for the next run."""


class StopRun(PublisherError):
    """Nothing else can succeed in this run (bad credentials, unknown locale in the CMS)."""


class ConfigStop(StopRun):
    """A setting proves wrong only once a service is asked (say, a model server that accepts
    no structured output): the run stops, and exits 2 like any configuration error."""


class AuthError(StopRun):
    """The service refused our credentials."""


class InvalidOutput(NoteError):
    """The model answered, but not with a valid post; retried once before the note fails."""

"""The LLM step of a run: a note's selection and its one paid call become an EnrichedNote.

The pipeline calls :func:`enrich_note` (and :func:`estimate_note` for dry runs); batch mode
builds the same EnrichedNote from a collected answer with :func:`build_enriched`. The cover is
a separate step (:mod:`publisher.covers.step`) so the runner can keep LLM slots busy while
covers are drawn or downloaded beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from publisher.config import Settings
from publisher.errors import NoteError
from publisher.models import EnrichedNote, Enrichment, RawNote, Selection, Usage
from publisher.ratelimit import RateLimiter
from publisher.selector import select_lines


class EnricherLike(Protocol):
    def enrich(self, note: RawNote, selection: Selection) -> Enrichment: ...

    def estimate_note(self, note: RawNote, selection: Selection) -> Usage:
        """What ``enrich`` would cost, without calling anything (for dry runs)."""
        ...


def merge_tags(*groups: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for group in groups:
        for tag in group:
            seen.setdefault(tag.strip().lower(), tag.strip())
    return [tag for key, tag in seen.items() if key]


def build_enriched(
    note: RawNote, selection: Selection, enrichment: Enrichment, primary_locale: str
) -> EnrichedNote:
    """Everything the LLM gave, with the note's own facts; the cover comes later."""
    return EnrichedNote(
        note_id=note.id,
        content_hash=note.content_hash,
        source_path=str(note.path),
        project=note.project,
        created=note.created,
        tags=merge_tags(note.tags, enrichment.tags),
        primary_locale=primary_locale,
        selection=selection,
        posts=enrichment.posts,
        image_query=enrichment.image_query,
        usage=enrichment.usage,
        warnings=list(enrichment.warnings),
        redactions=dict(note.redactions),
        worth_publishing=enrichment.worth_publishing,
        worth_reason=enrichment.worth_reason,
    )


def enrich_note(
    note: RawNote,
    settings: Settings,
    enricher: EnricherLike,
    limiter: RateLimiter | None = None,
) -> EnrichedNote:
    """Selection and the one LLM call: the part of a note that costs money."""
    selection = select_lines(note.body, settings.selector)
    if limiter is not None:
        limiter.acquire()
    enrichment = enricher.enrich(note, selection)
    missing = [locale for locale in settings.locales if locale not in enrichment.posts]
    if missing:
        raise NoteError(f"enrichment has no post for locale(s) {', '.join(missing)}")
    return build_enriched(note, selection, enrichment, settings.primary_locale)


def estimate_note(note: RawNote, settings: Settings, enricher: EnricherLike) -> Usage:
    return enricher.estimate_note(note, select_lines(note.body, settings.selector))

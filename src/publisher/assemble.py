"""Assembling an EnrichedNote: the selection, the LLM's checked posts, then the primary cover.

The LLM part and the cover part are separate steps so the runner can keep LLM slots busy
while covers are drawn or downloaded beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from publisher.config import Settings
from publisher.errors import NoteError
from publisher.models import CoverImage, EnrichedNote, Enrichment, RawNote, Selection, Usage
from publisher.ratelimit import RateLimiter
from publisher.selector import select_lines


class EnricherLike(Protocol):
    def enrich(self, note: RawNote, selection: Selection) -> Enrichment: ...

    def estimate_note(self, note: RawNote, selection: Selection) -> Usage:
        """What ``enrich`` would cost, without calling anything (for dry runs)."""
        ...


class CoverMakerLike(Protocol):
    def cover_for(
        self, *, note_id: str, content_hash: str, title: str, image_query: str, locale: str
    ) -> tuple[CoverImage, list[str]]: ...


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


def with_cover(enriched: EnrichedNote, covers: CoverMakerLike) -> EnrichedNote:
    """The note with its cover: made from the primary locale's title when it has none yet,
    and made again (from the cache or the same photo, never the LLM) when its file is gone.

    The cover is asked for exactly once per note, for ``primary_locale``: no loop over
    locales ever picks it, so it cannot land on whichever locale came last.
    """
    cover = enriched.cover
    if cover is not None and (cover.file is None or cover.file.is_file()):
        return enriched
    fresh, warnings = covers.cover_for(
        note_id=enriched.note_id,
        content_hash=enriched.content_hash,
        title=enriched.primary_post.title,
        image_query=enriched.image_query,
        locale=enriched.primary_locale,
    )
    return enriched.model_copy(update={"cover": fresh, "warnings": [*enriched.warnings, *warnings]})

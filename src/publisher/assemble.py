"""Assembling an EnrichedNote: the selection, the LLM's checked posts and the primary cover.

Everything a note needs before publishing, and nothing that publishes. The cover is chosen
here, once, for the primary locale's title: no loop over locales ever picks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from publisher.config import Settings
from publisher.errors import NoteError
from publisher.models import CoverImage, EnrichedNote, Enrichment, RawNote, Selection
from publisher.ratelimit import RateLimiter
from publisher.selector import select_lines


class EnricherLike(Protocol):
    def enrich(self, note: RawNote, selection: Selection) -> Enrichment: ...


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
    note: RawNote,
    selection: Selection,
    enrichment: Enrichment,
    cover: CoverImage | None,
    primary_locale: str,
    extra_warnings: list[str],
) -> EnrichedNote:
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
        cover=cover,
        usage=enrichment.usage,
        warnings=[*enrichment.warnings, *extra_warnings],
    )


def enrich_note(
    note: RawNote,
    settings: Settings,
    enricher: EnricherLike,
    covers: CoverMakerLike,
    limiter: RateLimiter | None = None,
) -> EnrichedNote:
    """Selection, one LLM call, the cover for the primary locale: everything but publishing."""
    selection = select_lines(note.body, settings.selector)
    if limiter is not None:
        limiter.acquire()
    enrichment = enricher.enrich(note, selection)
    missing = [locale for locale in settings.locales if locale not in enrichment.posts]
    if missing:
        raise NoteError(f"enrichment has no post for locale(s) {', '.join(missing)}")
    return attach_cover(note, selection, enrichment, settings, covers)


def attach_cover(
    note: RawNote,
    selection: Selection,
    enrichment: Enrichment,
    settings: Settings,
    covers: CoverMakerLike,
) -> EnrichedNote:
    primary = enrichment.posts[settings.primary_locale]
    cover, warnings = covers.cover_for(
        note_id=note.id,
        content_hash=note.content_hash,
        title=primary.title,
        image_query=enrichment.image_query,
        locale=settings.primary_locale,
    )
    return build_enriched(note, selection, enrichment, cover, settings.primary_locale, warnings)


def ensure_cover_file(enriched: EnrichedNote, covers: CoverMakerLike) -> EnrichedNote:
    """A stored enrichment whose cached cover file was deleted gets it back, without the LLM."""
    cover = enriched.cover
    if cover is None or cover.file is None or cover.file.is_file():
        return enriched
    fresh, warnings = covers.cover_for(
        note_id=enriched.note_id,
        content_hash=enriched.content_hash,
        title=enriched.primary_post.title,
        image_query=enriched.image_query,
        locale=enriched.primary_locale,
    )
    return enriched.model_copy(update={"cover": fresh, "warnings": [*enriched.warnings, *warnings]})

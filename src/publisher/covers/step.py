"""The cover step of a run: an EnrichedNote gets the primary locale's cover.

It runs on the publishing side of the run, after the EnrichedNote was saved, so LLM slots never
wait on Unsplash or Pillow. ``CoverMakerLike`` is what the step needs from
:class:`publisher.covers.maker.CoverMaker`; tests pass their own.
"""

from __future__ import annotations

from typing import Protocol

from publisher.models import CoverImage, EnrichedNote


class CoverMakerLike(Protocol):
    def cover_for(
        self, *, note_id: str, content_hash: str, title: str, image_query: str, locale: str
    ) -> tuple[CoverImage, list[str]]: ...


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

"""``publisher preview``: one note through the selector, the LLM and the cover, kept nowhere.

Nothing is stored, uploaded or published, and no temporary folder is left behind: the cover is
drawn in a temporary directory removed before the command returns, unless ``--keep-cover DIR``
asks to copy it somewhere. ``--format md`` shows the posts as a person reads them; ``json``
(the default) is the EnrichedNote itself, for scripts.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from publisher.config import Settings
from publisher.models import CoverImage, EnrichedNote, RawNote, Usage


def usage_summary(usage: Usage) -> str:
    return (
        f"{usage.calls} LLM call(s), {usage.input_tokens} in / {usage.output_tokens} out tokens, "
        f"est. ${usage.cost_usd:.4f}"
    )


@contextmanager
def preview_covers(settings: Settings) -> Iterator[Any]:
    """An offline cover maker drawing into a folder that is gone when the block ends."""
    from publisher.covers.maker import CoverMaker

    with tempfile.TemporaryDirectory(prefix="publisher-preview-") as folder:
        yield CoverMaker(settings, Path(folder), offline=True)


def keep_cover(cover: CoverImage | None, folder: Path | None, note_id: str) -> CoverImage | None:
    """The cover copied to ``folder`` (``--keep-cover``), or without its soon-deleted file."""
    if cover is None or cover.file is None:
        return cover
    if folder is None:
        return cover.model_copy(update={"file": None})
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{note_id}-cover{cover.file.suffix}"
    shutil.copyfile(cover.file, dest)
    return cover.model_copy(update={"file": dest})


def cover_line(cover: CoverImage | None) -> str:
    if cover is None:
        return "none"
    where = str(cover.file or cover.url or "not kept (--keep-cover DIR saves it)")
    return f"{where} ({cover.source}, {cover.width}×{cover.height}, alt: {cover.alt})"


def preview_markdown(enriched: EnrichedNote, locales: list[str]) -> str:
    """Both locales as a reader sees them, then the cover, the warnings and the cost."""
    parts: list[str] = []
    for locale in locales:
        post = enriched.posts.get(locale)
        if post is None:
            continue
        parts.append(f"<!-- {locale}: /{locale}/{post.slug} -->\n# {post.title}\n")
        if post.description:
            parts.append(f"> {post.description}\n")
        parts.append(post.body.rstrip() + "\n\n---\n")
    parts.append(f"cover: {cover_line(enriched.cover)}")
    if enriched.tags:
        parts.append(f"tags: {', '.join(enriched.tags)}")
    parts.extend(f"warning: {warning}" for warning in enriched.warnings)
    parts.append(f"cost: {usage_summary(enriched.usage)}")
    return "\n".join(parts) + "\n"


def no_llm_payload(settings: Settings, note: RawNote, covers: Any) -> dict[str, Any]:
    """``--no-llm``: the selection, the exact prompt, its estimate and the cover."""
    from publisher.enrich import Enricher
    from publisher.selector import select_lines

    enricher = Enricher(settings)
    selection = select_lines(note.body, settings.selector)
    prompt = enricher.prompt_for(note, selection)
    cover, _ = covers.cover_for(
        note_id=note.id,
        content_hash=note.content_hash,
        title=note.title or note.id,
        image_query="",
        locale=settings.primary_locale,
    )
    return {
        "note_id": note.id,
        "content_hash": note.content_hash,
        "redactions": note.redactions,
        "selection": selection.model_dump(mode="json"),
        "prompt": prompt.model_dump(mode="json"),
        "estimate": enricher.estimate(prompt).model_dump(mode="json"),
        "cover": cover,
    }


def enriched_preview(settings: Settings, note: RawNote, covers: Any) -> EnrichedNote:
    """One paid LLM call and a drawn cover; nothing stored."""
    from publisher.covers.step import with_cover
    from publisher.enrich import Enricher, require_llm
    from publisher.enrich.step import build_enriched
    from publisher.selector import select_lines

    require_llm(settings)
    selection = select_lines(note.body, settings.selector)
    enrichment = Enricher(settings).enrich(note, selection)
    return with_cover(build_enriched(note, selection, enrichment, settings.primary_locale), covers)

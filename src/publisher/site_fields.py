"""Every field of a note made safe just before it leaves for a target.

The enricher already sanitizes what the model wrote, but a post also carries the note's own
front matter (tags, project), the cover's alt text and credit (from a photo API), and may come
from state stored by an older version. Cleaning all of them here, at the one place a note goes
to a target, means no field reaches Strapi or ``site/`` without passing ``publisher.sanitize``.
Both cleaners are idempotent, so a note that is already clean is returned unchanged.
"""

from __future__ import annotations

from typing import Any

from publisher.models import Attribution, CoverImage, EnrichedNote, LocalizedPost
from publisher.postmeta import description_of
from publisher.sanitize import plain_text, safe_url, sanitize_markdown


def site_safe(note: EnrichedNote) -> EnrichedNote:
    """The note with plain-text fields stripped of markup and bodies sanitized."""
    update: dict[str, Any] = {
        "posts": {locale: _safe_post(post) for locale, post in note.posts.items()},
        "tags": [tag for tag in (plain_text(tag) for tag in note.tags) if tag],
        "project": plain_text(note.project) if note.project else note.project,
        "cover": _safe_cover(note.cover) if note.cover else None,
    }
    return note.model_copy(update=update)


def _safe_post(post: LocalizedPost) -> LocalizedPost:
    """Title and description as text, the body sanitized. A post enriched before descriptions
    existed gets its first sentence as description, cleaned like one the model wrote."""
    safe = post.model_copy(
        update={"title": plain_text(post.title), "body": sanitize_markdown(post.body).text}
    )
    return safe.model_copy(update={"description": plain_text(description_of(safe))})


def _safe_cover(cover: CoverImage) -> CoverImage:
    update: dict[str, Any] = {
        "alt": plain_text(cover.alt),
        "caption": plain_text(cover.caption) if cover.caption else cover.caption,
        "url": cover.url if cover.url is None or safe_url(cover.url) else None,
    }
    if cover.attribution is not None:
        update["attribution"] = _safe_attribution(cover.attribution)
    return cover.model_copy(update=update)


def _safe_attribution(credit: Attribution) -> Attribution:
    """The photographer's name as text; a credit link that is not http(s) points nowhere."""
    return credit.model_copy(
        update={
            "photographer": plain_text(credit.photographer),
            "source_name": plain_text(credit.source_name),
            **{
                name: "" if not safe_url(url) else url
                for name in ("photographer_url", "photo_url", "source_url")
                if isinstance(url := getattr(credit, name), str)
            },
        }
    )

"""What a blog page shows besides its body: date, description, reading time, cover alt text.

Pure functions over an EnrichedNote, shared by every target so a Strapi entry and a Hugo or
Astro page say the same thing about the same post.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime

from publisher.models import EnrichedNote, LocalizedPost

WORDS_PER_MINUTE = 200  # a common reading speed for technical prose; code is read slower
CODE_LINE_WORDS = 3  # a line of code costs about as much time as three words of prose
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s")
DESCRIPTION_MAX = 300


def parse_date(value: str | None) -> datetime | None:
    """An ISO date or date-time as an aware datetime (UTC when no offset); None when unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        parsed = datetime(day.year, day.month, day.day)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def post_date(note: EnrichedNote) -> datetime:
    """The note's own ``created``, else when publisher first saw it, else now.

    Every page must have a date: Hugo sorts and Astro schemas require one, and a post without
    it drops to the bottom of every listing.
    """
    return parse_date(note.created) or parse_date(note.first_seen) or datetime.now(UTC)


def iso_date(moment: datetime) -> str:
    """RFC 3339, which Hugo, Astro's ``z.coerce.date()`` and Strapi's datetime all read."""
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def reading_minutes(body: str) -> int:
    """Whole minutes to read a Markdown body: prose words, plus code lines at a few words each."""
    words = 0
    in_code = False
    for line in body.splitlines():
        if FENCE_RE.match(line):
            in_code = not in_code
        elif in_code:
            words += CODE_LINE_WORDS if line.strip() else 0
        else:
            words += len(line.split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def description_of(post: LocalizedPost) -> str:
    """The post's description; for posts enriched before descriptions existed, its first
    sentence of prose, so no page goes out without one."""
    return post.description or first_sentence(post.body) or post.title


def first_sentence(body: str) -> str:
    """The first sentence of a Markdown body's first prose paragraph (headings, lists, quotes,
    tables and code skipped), at most a description's length; "" when the body has no prose.

    Shared by :func:`description_of` and the language policy, which puts it in place of a
    description the model wrote in another language.
    """
    for paragraph in body.split("\n\n"):
        text = " ".join(paragraph.split())
        if text and not FENCE_RE.match(text) and not text.startswith(("#", "-", "*", ">", "|")):
            first = SENTENCE_END_RE.split(text, maxsplit=1)[0]
            return first[:DESCRIPTION_MAX].rstrip()
    return ""


def cover_alt(note: EnrichedNote, locale: str) -> str:
    """The cover's alt text in this locale's language.

    A drawn cover's alt is the primary locale's title, and a photo's alt comes from Unsplash in
    English; a locale in that same language keeps it, every other locale describes the cover
    with its own post's title.
    """
    cover = note.cover
    if cover is None:
        return ""
    alt_locale = cover.locale if cover.source == "generated" else "en"
    same_language = locale.split("-")[0] == alt_locale.split("-")[0]
    return cover.alt if same_language else note.posts[locale].title

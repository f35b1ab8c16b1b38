"""What a page shows besides its body: date, description, reading time, cover alt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from publisher.models import CoverImage, EnrichedNote, LocalizedPost, Selection
from publisher.postmeta import (
    cover_alt,
    description_of,
    iso_date,
    parse_date,
    post_date,
    reading_minutes,
)


def note(
    created: str | None = None, first_seen: str | None = None, **extra: object
) -> EnrichedNote:
    posts = {
        loc: LocalizedPost(locale=loc, title=f"T-{loc}", body="b", slug="s", detected_language=loc)
        for loc in ("ru", "en")
    }
    return EnrichedNote(
        note_id="n",
        content_hash="h",
        source_path="n.md",
        created=created,
        first_seen=first_seen,
        primary_locale="ru",
        selection=Selection(total_lines=0, lines=[]),
        posts=posts,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-14", "2026-10-14T00:00:00Z"),
        ("2026-10-14 09:30", "2026-10-14T09:30:00Z"),
        ("2026-10-14T09:30:00+03:00", "2026-10-14T09:30:00+03:00"),
        ("2026-10-14T09:30:00Z", "2026-10-14T09:30:00Z"),
    ],
)
def test_dates_in_front_matter_become_rfc3339(value: str, expected: str) -> None:
    parsed = parse_date(value)
    assert parsed is not None and iso_date(parsed) == expected


def test_a_note_without_a_usable_created_is_dated_when_first_seen() -> None:
    assert iso_date(post_date(note("2026-10-14", "2026-12-01T10:00:00+00:00"))) == (
        "2026-10-14T00:00:00Z"
    )
    assert iso_date(post_date(note("last tuesday", "2026-12-01T10:00:00+00:00"))) == (
        "2026-12-01T10:00:00Z"
    )
    assert post_date(note()).date() == datetime.now(UTC).date()


def test_reading_time_counts_prose_words_and_code_lines() -> None:
    assert reading_minutes("word " * 10) == 1
    assert reading_minutes("word " * 401) == 3
    code = "```\n" + "x = 1\n" * 200 + "```\n"
    assert reading_minutes("intro\n\n" + code) == 4  # 1 + 600 code words -> 601 / 200


def test_description_falls_back_to_the_first_sentence_of_prose() -> None:
    post = LocalizedPost(
        locale="en",
        title="T",
        body="## Setup\n\n```\ncode\n```\n\nFirst sentence here. Second one.",
        slug="t",
        detected_language="en",
    )
    assert description_of(post) == "First sentence here."
    assert description_of(post.model_copy(update={"description": "Given."})) == "Given."


def cover(source: str, alt: str) -> CoverImage:
    return CoverImage(
        source=source,  # type: ignore[arg-type]
        locale="ru",
        file=Path("c.png"),
        mime="image/png",
        width=1,
        height=1,
        alt=alt,
    )


def test_cover_alt_is_in_each_locales_language() -> None:
    drawn = note(cover=cover("generated", "T-ru"))
    assert (cover_alt(drawn, "ru"), cover_alt(drawn, "en")) == ("T-ru", "T-en")
    photo = note(cover=cover("unsplash", "A red bridge. Photo by Ann on Unsplash"))
    assert cover_alt(photo, "ru") == "T-ru"
    assert cover_alt(photo, "en") == "A red bridge. Photo by Ann on Unsplash"

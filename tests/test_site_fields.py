"""Every field that leaves for a target is cleaned there: note front matter and cover credit too."""

from __future__ import annotations

from publisher.models import Attribution, CoverImage, EnrichedNote, LocalizedPost
from publisher.site_fields import site_safe

HOSTILE = "<img src=x onerror=alert(1)>"


def hostile_note() -> EnrichedNote:
    post = LocalizedPost(
        locale="en",
        title=f"Fix {HOSTILE} &lt;b&gt;it&lt;/b&gt;",
        body=f"Text {HOSTILE} ![px](https://t.example/p.gif) [x](javascript:alert((1)))",
        slug="fix",
        detected_language="en",
    )
    cover = CoverImage(
        source="unsplash",
        locale="en",
        url="javascript:alert(1)",
        mime="image/jpeg",
        width=1,
        height=1,
        alt=f"A photo {HOSTILE}",
        caption=f"Photo by <b>Ann</b>{HOSTILE}",
        attribution=Attribution(
            photographer=f"Ann{HOSTILE}",
            photographer_url="javascript:alert(1)",
            photo_url="https://unsplash.com/photos/x",
            source_url="https://unsplash.com/",
        ),
    )
    return EnrichedNote(
        note_id="n1",
        content_hash="h",
        source_path="n.md",
        project=f"api{HOSTILE}",
        tags=["nginx", HOSTILE, "<b>go</b>"],
        primary_locale="en",
        selection={"total_lines": 0, "lines": []},
        posts={"en": post},
        cover=cover,
    )


def test_titles_tags_project_and_cover_texts_leave_as_plain_text() -> None:
    safe = site_safe(hostile_note())
    assert safe.posts["en"].title == "Fix it"
    assert safe.posts["en"].body == "Text x"
    assert safe.posts["en"].description == "Text x"  # none from the model: the first sentence
    assert safe.tags == ["nginx", "go"]
    assert safe.project == "api"
    assert safe.cover is not None and safe.cover.attribution is not None
    assert (safe.cover.alt, safe.cover.caption) == ("A photo", "Photo by Ann")
    assert safe.cover.url is None
    assert safe.cover.attribution.photographer == "Ann"
    assert safe.cover.attribution.photographer_url == ""
    assert safe.cover.attribution.photo_url == "https://unsplash.com/photos/x"


def test_a_clean_note_leaves_unchanged() -> None:
    clean = site_safe(hostile_note())
    assert site_safe(clean) == clean

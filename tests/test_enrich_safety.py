"""Output safety: HTML and script links out of prose, code untouched, invented numbers found."""

from __future__ import annotations

import pytest

from publisher.enrich.safety import invented_numbers, sanitize_markdown, source_numbers, unsafe_url


def test_raw_html_is_removed_from_prose_but_text_and_comparisons_survive() -> None:
    cleaned = sanitize_markdown(
        "Before <b>bold</b> after, and a < b && c > d.\n\n"
        "<script>alert(1)</script><iframe src=x></iframe>\n\n"
        "> a quote <!-- hidden -->stays"
    )
    assert cleaned.text == "Before bold after, and a < b && c > d.\n\n\n\n> a quote stays"
    assert cleaned.removed_html


def test_code_blocks_and_inline_code_are_kept_byte_for_byte() -> None:
    text = (
        "Use `List<String>` here.\n\n"
        '```html\n<div onclick="x()">shown as code</div>\n```\n\n'
        "~~~\n<script>also code</script>\n~~~\n"
    )
    cleaned = sanitize_markdown(text)
    assert cleaned.text == text
    assert not cleaned.removed_html


def test_a_longer_closing_fence_still_ends_the_block() -> None:
    cleaned = sanitize_markdown("```\ncode\n`````\n\n<script>x</script>after")
    assert cleaned.text == "```\ncode\n`````\n\nafter"


def test_escaped_entities_stay_escaped_instead_of_becoming_tags() -> None:
    cleaned = sanitize_markdown("The log showed &lt;script&gt; as text.")
    assert cleaned.text == "The log showed &lt;script&gt; as text."
    assert not cleaned.removed_html


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[x](javascript:alert(1))", "x"),
        ("[x]( JaVa&#x09;Script:alert(1) )", "x"),
        ('![img](data:text/html;base64,PHNjcmlwdD4= "t")', "img"),
        ("<javascript:alert(1)> rest", " rest"),
        ("[ref]: vbscript:msgbox\n\nText", "\n\nText"),
    ],
)
def test_script_links_lose_their_target(markdown: str, expected: str) -> None:
    cleaned = sanitize_markdown(markdown)
    assert cleaned.text == expected
    assert cleaned.removed_links == 1


def test_ordinary_links_and_autolinks_are_kept() -> None:
    text = "See [docs](https://example.com/a_(b)?q=1&r=2) and <https://example.com/x?a&b>."
    cleaned = sanitize_markdown(text)
    assert cleaned.text == text
    assert cleaned.removed_links == 0 and not cleaned.removed_html


def test_unsafe_url_sees_through_case_whitespace_and_entities() -> None:
    assert unsafe_url(" JAVASCRIPT:x")
    assert unsafe_url("java\tscript:x")
    assert unsafe_url("javascript&#58;x")
    assert not unsafe_url("https://example.com/javascript:")


SOURCE = (
    "p99 jumped to 4.2s after 2.8.0; p50 ~60ms. 1334 warnings, 0.5 s timeout. "
    "Seen on 2024-10-08, 12% errors."
)


def test_numbers_from_the_note_in_any_usual_spelling_are_accepted() -> None:
    allowed = source_numbers(SOURCE)
    post = (
        "p99 вырос до 4,2 с после версии 2.8 (точнее 2.8.0), p50 около 60 мс; "
        "1,334 warnings, 1\u202f334 предупреждений, таймаут 0.5 s, 8 октября 2024, 12 %."
    )
    assert invented_numbers(post, allowed) == []


def test_invented_metrics_are_reported_once_each_in_order() -> None:
    allowed = source_numbers(SOURCE)
    post = "p99 fell to 95 ms (a 98% gain), then 95 ms again; version 2.9."
    assert invented_numbers(post, allowed) == ["95", "98", "2.9"]


def test_list_markers_and_single_digits_are_not_metrics() -> None:
    allowed = source_numbers(SOURCE)
    assert invented_numbers("1. First step\n2) Second\n\nI tried 3 things.", allowed) == []
    assert invented_numbers("25. Twenty-fifth step", allowed) == []
    assert invented_numbers("Step 25 of it", allowed) == ["25"]

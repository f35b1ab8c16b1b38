"""Output safety: numbers a post invents are found, the note's own in any spelling are not."""

from __future__ import annotations

from publisher.enrich.safety import invented_numbers, source_numbers

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

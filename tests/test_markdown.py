"""The one Markdown reading: CommonMark fences, code spans and the front matter split."""

from __future__ import annotations

import pytest

from publisher.language import detect_language
from publisher.markdown import (
    Fence,
    fenced_line_numbers,
    fences,
    split_front_matter,
    strip_code_spans,
)


def test_a_fence_closes_only_with_a_bare_run_of_the_same_character() -> None:
    text = "```\n```python\nx = 1\n~~~\n```\nprose"
    assert fences(text) == [Fence(0, 5, "", closed=True)]


def test_a_longer_closing_run_closes_and_a_shorter_one_does_not() -> None:
    assert fences("````sh\nls\n```\n`````\nafter") == [Fence(0, 4, "sh", closed=True)]


@pytest.mark.parametrize("text", ["```\ncode", "```\ncode\n", "```", "text\n~~~\n\n"])
def test_a_fence_left_open_runs_to_the_end_and_says_so(text: str) -> None:
    [fence] = fences(text)
    assert not fence.closed


def test_fences_inside_quotes_and_list_items_count() -> None:
    text = "> ```py\n> a\n> ```\n\n- item\n  ```\n  open\n- next"
    assert fences(text) == [Fence(0, 3, "py", True), Fence(5, 7, "", False)]


def test_an_indented_fence_is_code_not_a_fence() -> None:
    assert fences("para\n\n    ```\n    x\n    ```") == []


def test_fenced_line_numbers_cover_the_fence_lines() -> None:
    text = "a\n```\nb\n```\nc\r\n```\r\nd\r\n```"
    assert fenced_line_numbers(fences(text)) == {1, 2, 3, 5, 6, 7}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("run `make` now", "run   now"),
        ("a ``b`c`` d", "a   d"),
        ("`a``b` c", "  c"),  # a run of two inside a span opened by one is content
        ("no \\`span` here", "no \\`span` here"),  # an escaped backtick opens nothing
        ("unclosed ` tick", "unclosed ` tick"),
    ],
)
def test_code_spans_follow_the_backtick_run_rule(text: str, expected: str) -> None:
    assert strip_code_spans(text) == expected


def test_front_matter_split_keeps_the_body_lines_untouched() -> None:
    front, body = split_front_matter("---\na: 1\n---\n\n  first\nsecond")
    assert front == "a: 1"
    assert body == "\n  first\nsecond"


@pytest.mark.parametrize("text", ["no front matter\n---\n", "---\nnever closed\n", ""])
def test_without_a_front_matter_pair_everything_is_body(text: str) -> None:
    assert split_front_matter(text) == (None, text)


def test_language_check_reads_a_fence_the_commonmark_way() -> None:
    """A "```python" line inside a block is content: the English in the block stays code."""
    text = (
        "Мы переписали обработчик очереди.\n\n```\n```python\n"
        "The worker restarts whenever the broker drops the connection, and all pending jobs are "
        "lost.\nThen the scheduler keeps sending new jobs to the dead worker for minutes.\n```\n"
    )
    assert detect_language(text) == "ru"

"""One reading of Markdown for the whole package: front matter, fenced code, code spans.

Fenced code blocks are CommonMark's, as markdown-it-py parses them: a fence closes only with the
same character, at least as long as the opening run and nothing but spaces after it (so a
```` ```python ```` line inside a block is content, not its end), and a fence left open runs to
the end of its container. Code spans follow CommonMark's backtick rule: a run of n backticks
opens a span that closes at the next run of exactly n. Writing these rules once keeps the
language check, the output schema, the selector and the site safety checks from disagreeing
about what is code.

Front matter is split exactly at the first ``---`` line pair (not with a library that strips
whitespace) because the selector and its labels count body lines from the line after the
closing ``---``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

# CommonMark's block structure (HTML blocks included, so a fence inside one is not a fence).
_PARSER = MarkdownIt("commonmark")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A backtick run not preceded by a backslash or a backtick, its content, then the same run.
CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True)
class Fence:
    """A fenced code block: lines ``start`` to ``end`` (0-based, end excluded, fence lines
    included) of the text as :func:`lines` splits it."""

    start: int
    end: int
    info: str
    closed: bool


def lines(markdown: str) -> list[str]:
    """The text's lines as CommonMark counts them (``\\r\\n``, ``\\r`` and ``\\n`` end a line)."""
    return LINE_BREAK.split(markdown)


def fences(markdown: str) -> list[Fence]:
    """Every fenced code block, in order, nested ones (in lists, quotes) included."""
    found: list[Fence] = []
    if "```" not in markdown and "~~~" not in markdown:
        return found  # no fence can open: skip the parse, most titles and many bodies
    for token in _PARSER.parse(markdown):
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        # markdown-it's content holds the lines between the fences (the last one without its
        # line break at the end of the text); a closing fence is the one more line spanned.
        content = token.content
        inner = content.count("\n") + (content != "" and not content.endswith("\n"))
        closed = end - start - inner == 2
        found.append(Fence(start, end, token.info.strip(), closed))
    return found


def fenced_line_numbers(blocks: Iterable[Fence]) -> set[int]:
    """0-based numbers of the lines that belong to these blocks (the fence lines too)."""
    return {number for block in blocks for number in range(block.start, block.end)}


def strip_code_spans(text: str, replacement: str = " ") -> str:
    """The text with every inline code span replaced (backticks included)."""
    return CODE_SPAN.sub(replacement, text)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter text or None, body) with the body's lines untouched.

    The front matter is the lines between a first line of ``---`` and the next ``---`` line;
    without both, the whole text is the body.
    """
    text_lines = text.split("\n")
    if text_lines and text_lines[0].strip() == "---":
        for i in range(1, len(text_lines)):
            if text_lines[i].strip() == "---":
                return "\n".join(text_lines[1:i]), "\n".join(text_lines[i + 1 :])
    return None, text


class _TrustingRenderer(MarkdownIt):
    """CommonMark read as the most permissive site would: raw HTML on, every link target kept.

    markdown-it refuses ``javascript:`` targets by leaving the whole link as text; a site's own
    renderer may not. Every tag becomes an ``html_block``/``html_inline`` token and every link a
    ``link_open`` with its target, so the site safety check judges what a renderer could run.
    """

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": True, "store_labels": True})

    def validateLink(self, url: str) -> bool:  # markdown-it's hook name
        return True


SITE_PARSER = _TrustingRenderer()


def site_tokens(markdown: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
    """Block tokens of the text as a site with raw HTML on would read it (``env`` gets the
    reference definitions, for writing the tokens back)."""
    return SITE_PARSER.parse(markdown, env)


def site_inline(text: str) -> list[Token]:
    """Inline tokens of one line of text as such a site would read it."""
    return SITE_PARSER.parseInline(text)[0].children or []


def walk(tokens: Sequence[Token]) -> Iterator[Token]:
    """Every token, inline children after their parent, depth first."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)

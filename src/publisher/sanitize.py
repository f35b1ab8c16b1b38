"""What reaches the site: Markdown that cannot carry markup, and plain text with none at all.

The model's answer (and anything else that ends up in a post) is read the way a site's renderer
reads it: markdown-it-py parses it with raw HTML switched on and every link target let through
(``publisher.markdown.site_tokens``), so every tag, comment and broken tag becomes an
``html_block``/``html_inline`` token instead of text a regex has to guess at. Those tokens are
dropped, images are dropped (the cover is a post's only image), and a link whose target is not
http(s) loses its target but keeps its text. The tokens left are written back to Markdown by
mdformat's renderer, which escapes every character of text that could open markup (``<``,
``[``, ``*``, backticks, character references), so text can never turn into a tag — the failure
of the earlier ``unescape(nh3.clean(...))``. Code spans and fences are tokens of their own and
are written back with their content unchanged. The result is parsed once more and must come out
clean; that check is what makes the guarantee independent of renderer details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markdown_it.token import Token
from mdformat.renderer import MDRenderer

from publisher.errors import NoteError
from publisher.markdown import SITE_PARSER, site_inline, site_tokens, walk

SAFE_SCHEMES = frozenset({"http", "https"})
# What a browser would take for a tag in text that CommonMark leaves as text (``<svg/onload=…>``
# is not a CommonMark tag, so it is text to markdown-it, but a less strict renderer or a template
# that inserts the text unescaped would run it); entity-decoded text (``&lt;b&gt;``) too.
TAG_LIKE = re.compile(r"<[A-Za-z!?/][^<>]*>")
MAX_PASSES = 4
# mdformat options: keep an ordered list's own numbers and the author's line breaks.
RENDER_OPTIONS = {"number": True, "wrap": "keep"}


@dataclass(frozen=True)
class Cleaned:
    """Sanitized Markdown and what had to go, for the run's warnings."""

    text: str
    removed_html: bool
    removed_links: int
    removed_images: int = 0


@dataclass
class _Removed:
    html: int = 0
    links: int = 0
    images: int = 0


def safe_url(url: str | None) -> bool:
    """Only absolute http(s) targets: what a post may point at, and nothing a browser runs.

    The URL is the one markdown-it resolved (entities decoded, percent-encoded), so case,
    entities and whitespace tricks in the source are already undone; control characters and
    spaces are removed as a browser would before reading the scheme.
    """
    if not url:
        return False
    squeezed = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    try:
        parts = urlsplit(squeezed)
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc)


def sanitize_markdown(text: str) -> Cleaned:
    """Markdown with no raw HTML, no images and only http(s) links, at any nesting depth.

    Passes repeat until the output parses clean (one pass is enough in every case the property
    test has found); a text that will not settle is refused rather than published.
    """
    removed = _Removed()
    current = text
    for _ in range(MAX_PASSES):
        if _is_clean(current):
            return Cleaned(current, removed.html > 0, removed.links, removed.images)
        current = _one_pass(current, removed)
    if _is_clean(current):
        return Cleaned(current, removed.html > 0, removed.links, removed.images)
    raise NoteError("the generated post could not be made safe for the site")


def plain_text(text: str) -> str:
    """One line of text with no markup at all, for titles, tags, alt texts and descriptions.

    Inline Markdown is read and only its words are kept (code spans keep their content); that is
    repeated until nothing changes, so text that only becomes a tag once an entity is decoded
    (``&lt;b&gt;``) is caught on the next pass. Each pass can only shorten the text.
    """
    current = " ".join(text.split())
    while True:
        words = _untagged("".join(_words(site_inline(current))))
        flat = " ".join(words.split())
        if flat == current:
            return flat
        current = flat


def _words(children: Iterable[Token]) -> Iterable[str]:
    for token in children:
        if token.type in ("text", "code_inline"):
            yield token.content
        elif token.type in ("softbreak", "hardbreak"):
            yield " "


def _is_clean(markdown: str) -> bool:
    """Whether a renderer with raw HTML on would find a tag, an image or a non-http(s) link."""
    for token in walk(site_tokens(markdown)):
        if token.type in ("html_block", "html_inline", "image"):
            return False
        if token.type == "link_open" and not safe_url(_href(token)):
            return False
        if token.type == "text" and TAG_LIKE.search(token.content):
            return False
    return True


def _one_pass(markdown: str, removed: _Removed) -> str:
    env: MutableMapping[str, Any] = {}
    tokens = site_tokens(markdown, env)
    kept: list[Token] = []
    for token in tokens:
        if token.type == "html_block":
            removed.html += 1
            continue
        if token.type == "inline" and token.children is not None:
            token.children = _clean_inline(token.children, removed)
        kept.append(token)
    options = {**SITE_PARSER.options, "mdformat": RENDER_OPTIONS}
    return MDRenderer().render(kept, options, env).strip("\n")


def _clean_inline(children: Sequence[Token], removed: _Removed) -> list[Token]:
    """Inline tokens without HTML or images; a link with an unsafe target becomes its text."""
    kept: list[Token] = []
    open_links: list[bool] = []
    for token in children:
        if token.type == "html_inline":
            removed.html += 1
        elif token.type == "image":
            removed.images += 1
        elif token.type == "link_open":
            safe = safe_url(_href(token))
            open_links.append(safe)
            removed.links += not safe
            if safe:
                # Written inline: no reference definition is carried to the output.
                token.meta.pop("label", None)
                kept.append(token)
        elif token.type == "link_close":
            if open_links.pop():
                kept.append(token)
        else:
            kept.append(token)
    return _scrubbed(_joined_text(kept), removed)


def _scrubbed(tokens: list[Token], removed: _Removed) -> list[Token]:
    """Text tokens without anything a browser would read as a tag (see ``TAG_LIKE``)."""
    for index, token in enumerate(tokens):
        if token.type == "text" and TAG_LIKE.search(token.content):
            removed.html += 1
            tokens[index] = _text(_untagged(token.content))
    return tokens


def _untagged(text: str) -> str:
    """Tag-like runs removed until none is left (``<<b>b>`` leaves ``<b>`` after one pass)."""
    while TAG_LIKE.search(text):
        text = TAG_LIKE.sub("", text)
    return text


def _joined_text(tokens: list[Token]) -> list[Token]:
    """Neighbouring text tokens merged, so the renderer escapes them as the one text they are.

    Escaping each piece alone could miss markup that only forms across the seam left by a
    removed tag (``<`` + ``img src=x …>``). Spaces a removal left at either end of the line are
    dropped, as the parser would have dropped them (the renderer would write them as ``&#32;``).
    """
    joined: list[Token] = []
    for token in tokens:
        if token.type == "text" and joined and joined[-1].type == "text":
            joined[-1] = _text(joined[-1].content + token.content)
        else:
            joined.append(token)
    if joined and joined[0].type == "text":
        joined[0] = _text(joined[0].content.lstrip())
    if joined and joined[-1].type == "text":
        joined[-1] = _text(joined[-1].content.rstrip())
    return [token for token in joined if token.type != "text" or token.content]


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _href(token: Token) -> str | None:
    href = token.attrGet("href")
    return href if isinstance(href, str) else None

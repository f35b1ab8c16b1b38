"""Output safety: what a generated post may not contain, and numbers it may not invent.

Pure functions. Bodies are Markdown, so code (fenced or inline) is left byte for byte: HTML inside
code is shown as text by every renderer. In prose, raw HTML is removed by nh3 (a real HTML parser,
not a regex) and links whose target is a script or data URL lose their target.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

import nh3

# Fenced blocks (closed by a fence at least as long, or running to the end), then inline code
# spans, which do not cross a blank line. Anything not recognised as code is treated as prose and
# sanitized: when in doubt, the safe side.
CODE_RE = re.compile(
    r"(?ms)^[ \t]{0,3}(?:"
    r"(?P<bt>`{3,})[^\n`]*\n.*?(?:^[ \t]{0,3}(?P=bt)`*[ \t]*$|\Z)"
    r"|(?P<tl>~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}(?P=tl)~*[ \t]*$|\Z))"
    r"|(?P<ticks>`+)(?:[^`\n]|\n(?![ \t]*\n))+?(?P=ticks)(?!`)"
)
AUTOLINK_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>")
# [text](target "title"); the target may hold one level of balanced parentheses.
INLINE_LINK_RE = re.compile(
    r"(!?)\[([^\]\n]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+\"[^\"\n]*\")?\s*\)"
)
REF_DEF_RE = re.compile(r"(?m)^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$")
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
# nh3 escapes &, <, > in text; a placeholder keeps the note's own entities from being decoded.
# Autolinks are kept out of nh3's way with two more.
AMP, LT, GT = "\ue000", "\ue001", "\ue002"


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed_html: bool
    removed_links: int


def unsafe_url(url: str) -> bool:
    """Browsers ignore whitespace and control characters in a scheme and decode entities."""
    decoded = html.unescape(url)
    squeezed = "".join(ch for ch in decoded if ch.isprintable() and not ch.isspace()).lower()
    return squeezed.startswith(UNSAFE_SCHEMES)


def sanitize_markdown(text: str) -> Cleaned:
    parts: list[str] = []
    removed_html = False
    removed_links = 0
    position = 0
    for match in CODE_RE.finditer(text):
        prose, html_gone, links = _clean_prose(text[position : match.start()])
        parts += [prose, match.group(0)]
        removed_html |= html_gone
        removed_links += links
        position = match.end()
    prose, html_gone, links = _clean_prose(text[position:])
    parts.append(prose)
    return Cleaned("".join(parts), removed_html or html_gone, removed_links + links)


def _clean_prose(prose: str) -> tuple[str, bool, int]:
    removed = 0

    def target_unsafe(url: str) -> bool:
        nonlocal removed
        unsafe = unsafe_url(url.replace(AMP, "&"))
        removed += unsafe
        return unsafe

    def autolink(match: re.Match[str]) -> str:
        # Shielded from nh3, which would take <https://...> for a tag; restored below.
        return "" if target_unsafe(match.group(1)) else f"{LT}{match.group(1)}{GT}"

    def inline(match: re.Match[str]) -> str:
        return match.group(2) if target_unsafe(match.group(3)) else match.group(0)

    def ref_def(match: re.Match[str]) -> str:
        return "" if target_unsafe(match.group(1)) else match.group(0)

    shielded = AUTOLINK_RE.sub(autolink, prose.replace("&", AMP))
    linked = REF_DEF_RE.sub(ref_def, INLINE_LINK_RE.sub(inline, shielded))
    cleaned = (
        html.unescape(nh3.clean(linked, tags=set(), strip_comments=True))
        if "<" in linked
        else linked
    )
    restored = cleaned.replace(LT, "<").replace(GT, ">").replace(AMP, "&")
    return restored, cleaned != linked, removed


NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
GROUPED_RE = re.compile(r"\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+")
LIST_MARKER_RE = re.compile(r"(?m)^[ \t]*\d{1,3}[.)][ \t]")


def number_forms(token: str) -> set[str]:
    """Ways a written number may be meant: ``4,2`` is 4.2 in Russian, ``1,334`` 1334 in English."""
    forms = {token, token.replace(",", ".")}
    if re.fullmatch(r"\d{1,3}(,\d{3})+", token):
        forms.add(token.replace(",", ""))
    return {_canonical(form) for form in forms}


def _canonical(token: str) -> str:
    parts = token.split(".")
    parts[0] = parts[0].lstrip("0") or "0"
    return ".".join(parts)


def numbers_in(text: str) -> list[str]:
    """Numbers as written, without list markers; digit groups split by thin spaces are one."""
    text = LIST_MARKER_RE.sub(" ", text)
    text = GROUPED_RE.sub(lambda m: re.sub(r"\D", "", m.group(0)), text)
    return [token.rstrip(".,") for token in NUMBER_RE.findall(text)]


def source_numbers(text: str) -> set[str]:
    """Every form a source number allows, parts of versions and dates included (2.8.0)."""
    allowed: set[str] = set()
    for token in numbers_in(text):
        allowed |= number_forms(token)
        pieces = re.split(r"[.,]", token)
        allowed |= {_canonical(piece) for piece in pieces}
        allowed |= {_canonical(f"{a}.{b}") for a, b in itertools.pairwise(pieces)}
    return allowed


def invented_numbers(text: str, source: set[str]) -> list[str]:
    """Numbers in a post that the source lacks; single digits count things, they are not metrics."""
    invented: list[str] = []
    for token in numbers_in(text):
        forms = number_forms(token)
        if forms & source or (token.isdigit() and len(token.lstrip("0") or "0") == 1):
            continue
        if token not in invented:
            invented.append(token)
    return invented

"""Output safety, applied to every post the model writes: no markup, no invented numbers.

Pure functions. :func:`sanitized` strips raw HTML, images and script links from the body and all
markup from the title and description (the Markdown reading itself is ``publisher.sanitize``);
:func:`number_problems` finds numbers a post quotes that the note never had.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from publisher.errors import NoteError
from publisher.models import PostDraft
from publisher.sanitize import plain_text, sanitize_markdown

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


def number_problems(
    posts: dict[str, PostDraft], source_text: str, policy: Literal["warn", "fail"]
) -> list[str]:
    """One warning per locale that quotes numbers ``source_text`` lacks; with ``policy`` "fail"
    the note fails instead."""
    source = source_numbers(source_text)
    problems = []
    for locale, post in posts.items():
        invented = invented_numbers(f"{post.title}\n{post.description}\n{post.body}", source)
        if invented:
            problems.append(f"{locale}: numbers not in the note: {', '.join(invented)}")
    if problems and policy == "fail":
        raise NoteError(f"invented numbers ({'; '.join(problems)})")
    return problems


def sanitized(locale: str, draft: PostDraft, warnings: list[str]) -> PostDraft:
    """A title with no markup and a body with no HTML, images or script links; what went is said."""
    body = sanitize_markdown(draft.body)
    if body.removed_html:
        warnings.append(f"{locale}: raw HTML removed")
    if body.removed_links:
        warnings.append(f"{locale}: {body.removed_links} unsafe link(s) removed")
    if body.removed_images:
        warnings.append(f"{locale}: {body.removed_images} image(s) removed (the cover is the one)")
    return PostDraft(
        title=plain_text(draft.title),
        description=plain_text(draft.description),
        body=body.text.strip(),
    )

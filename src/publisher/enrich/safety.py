"""Numbers a generated post may not invent.

Pure functions. Markup safety (raw HTML, images, script links) lives in ``publisher.sanitize``.
"""

from __future__ import annotations

import itertools
import re

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

"""``publisher scan``: where the secrets in a note file are, without showing them.

A hit names the line (1-based, counted in the whole file, front matter included, so an editor
jumps to it) and the kind, and shows the value only as its public prefix and length. Files
larger than one chunk are scanned chunk by chunk, so a 100 MB log costs one chunk of memory.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from publisher.redact.engine import redact
from publisher.redact.findings import Finding
from publisher.redact.settings import DEFAULT_SETTINGS, RedactSettings
from publisher.redact.stream import KNOWN_MAX


@dataclass(frozen=True)
class Hit:
    line: int
    kind: str
    masked: str


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def hits_in(text: str, findings: Iterable[Finding], first_line: int = 1) -> Iterator[Hit]:
    """Findings of ``text`` as hits; ``first_line`` is the file line ``text`` starts on."""
    starts = _line_starts(text)
    for finding in findings:
        line = bisect_right(starts, finding.start) - 1 + first_line
        yield Hit(line, finding.kind, finding.masked)


def scan_chunks(
    chunks: Iterable[str], settings: RedactSettings = DEFAULT_SETTINGS
) -> Iterator[Hit]:
    """Every hit of a text given as chunks of whole lines (``selector.lines`` chunks)."""
    known: dict[str, str] = {}
    first_line = 1
    for chunk in chunks:
        result = redact(chunk, settings, known)
        if len(known) < KNOWN_MAX:
            known.update(result.secrets)
        yield from hits_in(chunk, result.findings, first_line)
        first_line += chunk.count("\n") + 1

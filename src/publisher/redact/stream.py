"""Redacting a note that arrives in chunks (a 100 MB session log), with bounded memory.

Chunks are runs of whole lines (``selector.lines``). A private-key block that starts in one chunk
and ends in the next is carried over whole (up to ``CARRY_MAX`` chars), and every value found so
far is replaced in later chunks. A value found late cannot be taken back from chunks already
passed on, so ``StreamRedactor.known`` is kept for the caller to apply to whatever it kept of
the early chunks (the selector's few dozen lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from publisher.redact.engine import redact
from publisher.redact.findings import Redacted
from publisher.redact.settings import DEFAULT_SETTINGS, RedactSettings

CARRY_MAX = 1 << 16
KNOWN_MAX = 10_000
OPEN_PEM_RE = re.compile(r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----")
END_PEM = "PRIVATE KEY"


class StreamRedactor:
    """Redacts consecutive chunks of one text, remembering what it found."""

    def __init__(self, settings: RedactSettings = DEFAULT_SETTINGS) -> None:
        self.settings = settings
        self.known: dict[str, str] = {}
        self.kinds: dict[str, int] = {}
        self._carry = ""

    def _split_open_block(self, chunk: str) -> tuple[str | None, str]:
        """(lines to redact now or None, tail from an unfinished private-key block to carry)."""
        begins = list(OPEN_PEM_RE.finditer(chunk))
        if not begins:
            return chunk, ""
        last = begins[-1]
        if "-----END" in chunk[last.end() :] or len(chunk) - last.start() > CARRY_MAX:
            return chunk, ""
        line_start = chunk.rfind("\n", 0, last.start()) + 1
        if line_start == 0:
            return None, chunk
        return chunk[: line_start - 1], chunk[line_start:]

    def _redact(self, text: str) -> str:
        result: Redacted = redact(text, self.settings, self.known)
        for finding in result.findings:
            self.kinds[finding.kind] = self.kinds.get(finding.kind, 0) + 1
            if len(self.known) < KNOWN_MAX and "\n" not in finding.value:
                self.known.setdefault(finding.value, finding.kind)
        return result.text

    def feed(self, chunk: str) -> str | None:
        """The redacted chunk, or None while a block is carried into the next chunk."""
        if self._carry:
            chunk = self._carry + "\n" + chunk
            self._carry = ""
        now, self._carry = self._split_open_block(chunk)
        if now is None:
            return None
        return self._redact(now)

    def close(self) -> str | None:
        """Whatever is still carried, redacted (a key block cut off at the end of the text)."""
        carry, self._carry = self._carry, ""
        return self._redact(carry) if carry else None

    def apply_known(self, text: str) -> str:
        """``text`` with every value found so far replaced (for lines kept from early chunks)."""
        return redact(text, self.settings, self.known).text if self.known else text


def redact_chunks(chunks: Iterable[str], redactor: StreamRedactor) -> Iterator[str]:
    """The chunks redacted in order; the line structure is kept (same count of lines)."""
    for chunk in chunks:
        out = redactor.feed(chunk)
        if out is not None:
            yield out
    tail = redactor.close()
    if tail is not None:
        yield tail

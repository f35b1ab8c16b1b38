"""Note bodies as chunks of whole lines, read with bounded memory.

The selector never needs the whole note as a list of lines: it walks chunks of about a
megabyte, so a 100 MB note costs one chunk of working memory on top of the input. A line
longer than ``GIANT_LINE`` chars (a minified bundle, a base64 dump) is cut to ``LINE_CAP``
chars on the way in; nothing past that is ever shown or needed to classify it as noise.

Line splitting matches the scorer and the source reader: lines end at ``\\n`` only, a final
newline does not start an extra line, and front matter ends at the first ``---`` line pair.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

CHUNK = 1 << 20
GIANT_LINE = 4 * CHUNK
LINE_CAP = 8192


def chunks_from_text(body: str) -> Iterator[str]:
    """Yield ``\\n``-joined runs of whole lines of ``body``; giant lines come capped."""
    if not body:
        return
    end_all = len(body) - 1 if body.endswith("\n") else len(body)
    pos = 0
    while pos <= end_all:
        limit = min(pos + CHUNK, end_all)
        end = body.find("\n", limit, end_all)
        if end == -1:
            end = end_all
        if end - limit > GIANT_LINE:
            start = body.rfind("\n", pos, limit) + 1
            if start > pos:
                yield body[pos : start - 1]
            start = max(start, pos)
            yield body[start : start + LINE_CAP]
        else:
            yield body[pos:end]
        pos = end + 1


def chunks_from_stream(stream: TextIO) -> Iterator[str]:
    """Like ``chunks_from_text`` for an open text file, reading ``CHUNK`` chars at a time."""
    carry = ""
    skipping = False
    while True:
        block = stream.read(CHUNK)
        if not block:
            break
        if skipping:
            cut = block.find("\n")
            if cut == -1:
                continue
            block, skipping = block[cut + 1 :], False
        data = carry + block
        cut = data.rfind("\n")
        if cut == -1:
            if len(data) > GIANT_LINE:
                yield data[:LINE_CAP]
                carry, skipping = "", True
            else:
                carry = data
            continue
        yield data[:cut]
        carry = data[cut + 1 :]
    if carry:
        yield carry


def strip_front_matter(chunks: Iterator[str]) -> Iterator[str]:
    """Drop a leading ``---`` ... ``---`` block, found within the first chunk.

    A front matter block longer than one chunk (a megabyte) is not front matter any reader
    would write; such a note is treated as having none.
    """
    first = next(chunks, None)
    if first is None:
        return
    head = first.partition("\n")[0]
    if head.strip() == "---":
        offset = len(head) + 1
        while offset <= len(first):
            nl = first.find("\n", offset)
            line_end = len(first) if nl == -1 else nl
            if first[offset:line_end].strip() == "---":
                if nl != -1:
                    yield first[nl + 1 :]
                yield from chunks
                return
            offset = line_end + 1
    yield first
    yield from chunks

"""ContentSelector: the 40–60 lines of a raw note that carry its story.

The model only sees what the selector keeps, so this stage decides what a post can say and
what it costs. Selection is rule-based, deterministic and linear in the note's size; see
docs/selector.md for how lines are scored and how to tune the budget.
"""

from __future__ import annotations

from pathlib import Path

from publisher.config import SelectorSettings
from publisher.models import Selection
from publisher.redact import StreamRedactor, redact_chunks
from publisher.selector.lines import chunks_from_stream, chunks_from_text, strip_front_matter
from publisher.selector.rank import run

__all__ = ["select_lines", "select_lines_from_file"]


def select_lines(body: str, settings: SelectorSettings | None = None) -> Selection:
    """Keep the most informative lines of a note body (front matter already removed).

    Line numbers are 1-based within ``body``. The body is walked in chunks, so memory beyond
    the input string stays bounded however long the note is.
    """
    return run(chunks_from_text(body), settings or SelectorSettings())


def select_lines_from_file(
    path: Path, settings: SelectorSettings | None = None, redactor: StreamRedactor | None = None
) -> Selection:
    """Like ``select_lines`` for a note file, streamed, with its front matter skipped.

    For notes too large to hold in memory (a 100 MB session log). Decoding errors become
    U+FFFD instead of failing, and ``\\r\\n`` / ``\\r`` end lines as in the source reader.
    The chunks are redacted on the way in (the file never went through ``publisher.source``);
    a value first found late is also replaced in lines kept from before it.
    """
    redactor = redactor or StreamRedactor()
    with path.open(encoding="utf-8-sig", errors="replace") as stream:
        chunks = redact_chunks(strip_front_matter(chunks_from_stream(stream)), redactor)
        selection = run(chunks, settings or SelectorSettings())
    for line in selection.lines:
        line.text = redactor.apply_known(line.text)
    return selection

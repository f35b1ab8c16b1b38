"""``publisher select``: which lines the model would see, numbered as they are in the file.

The selector numbers lines within the note's body; a person checks them against the file in an
editor, where the front matter comes first. The offset between the two is computed here, once,
for both the in-memory path and the streamed one used for notes too big for the pipeline.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from publisher.config import Settings
from publisher.markdown import split_front_matter
from publisher.models import Selection
from publisher.redact import StreamRedactor, redact
from publisher.selector import select_lines, select_lines_from_file
from publisher.sessions import session_kind
from publisher.sessions.notes import session_note
from publisher.source import decode_note
from publisher.sources import find_note

# A front matter block longer than this is not front matter (the streamed reader agrees).
MAX_FRONT_MATTER_LINES = 1000


def front_matter_lines(path: Path) -> int:
    """How many lines of ``path`` come before the body: the ``---`` block, fences included."""
    with path.open(encoding="utf-8-sig", errors="replace") as stream:
        head = [line.rstrip("\r\n") for line in islice(stream, MAX_FRONT_MATTER_LINES)]
    if not head or head[0].strip() != "---":
        return 0
    for index, line in enumerate(head[1:], start=1):
        if line.strip() == "---":
            return index + 1
    return 0


def select_note(settings: Settings, ref: str) -> tuple[Selection, int, dict[str, int]]:
    """The selection for a note id or path, the number of lines before the body, and the
    kinds of secrets redacted (counts only).

    A file over ``max_note_bytes`` is too big for the pipeline but still worth a look, so it
    is streamed with bounded memory; a note id is looked up in the notes folder like
    ``preview`` does (raising UsageError when no note has it). Redaction runs before the
    selector, as in a run, so ``select`` never prints a secret the model would not see.
    """
    path = Path(ref)
    if not path.is_file():
        path = find_note(settings, ref).path
    kind = session_kind(path)
    if kind is not None:
        # An agent session: rendered to its transcript and redacted, as a run would read it.
        note = session_note(path, kind, settings.sessions, settings.redact).note
        return select_lines(note.body, settings.selector), 0, dict(note.redactions)
    if path.stat().st_size > settings.max_note_bytes:
        redactor = StreamRedactor(settings.redact)
        selection = select_lines_from_file(path, settings.selector, redactor)
        return selection, front_matter_lines(path), redactor.kinds
    text = decode_note(path.read_bytes(), settings.max_note_bytes)
    redacted = redact(text, settings.redact)
    _, body = split_front_matter(redacted.text)
    offset = redacted.text.count("\n") - body.count("\n")
    return select_lines(body, settings.selector), offset, redacted.kinds


def explain_lines(selection: Selection, offset: int) -> list[str]:
    """``number score reason | text`` per kept line, the number as an editor shows it for this
    file; the reason column is as wide as its longest reason so the ``|`` bars line up and the
    note's text reads as one column."""
    width = max([24, *(len(line.reason) for line in selection.lines)])
    return [
        f"{line.number + offset:>5} {line.score:6.2f} {line.reason:<{width}} | {line.text}"
        for line in selection.lines
    ]


# What ``explain_lines``' columns hold; the score is whatever ordered the budget (see
# docs/selector.md "A learned order for the budget"), so the header says which.
EXPLAIN_HEADER = (
    "# line  score  reason | text; score: the learned order's log-odds where the budget had "
    "to choose among the candidates, else the rules' score"
)


def findings_summary(kinds: dict[str, int]) -> str:
    """``3 secret(s) (github-token 1, password 2)``: counts only, never a value."""
    total = sum(kinds.values())
    detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    return f"{total} secret(s)" + (f" ({detail})" if detail else "")

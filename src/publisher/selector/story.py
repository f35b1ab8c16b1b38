"""The story around the current line: who speaks, which statement the code belongs to.

A developer note tells one story in every language and note kind: a problem, symptoms,
checks, the decisive observation, the root cause, the fix (often code right under the
statement that announces it), the numbers before and after, the decision. The pass
classifies each line alone (``classify.py``); this module tracks what a single line cannot
know:

* **speaker turns**: in an agent transcript (``> `` user, ``⏺ `` assistant, ``  ⎿  `` tool
  output indented five spaces) prose inside a tool's output is machine output, not the
  author's words;
* **a statement and its code**: code or config right *under* a statement of a fix or a cause
  is what the statement announces, and code shown just *above* a statement that names its
  identifiers is what the statement points at ("Found it: `userEvent.setup({ delay: 50 })`…");
* **sections** opened by a header such as ``Fix:``;
* **the error and its frame**: of a stack trace, the app frame nearest the error line (the
  first under it, or the last above it in a Python traceback) is where it happened.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from operator import attrgetter

from publisher.selector.budget import Call, Candidate, Shape
from publisher.selector.kinds import REASON, Kind, LineInfo
from publisher.selector.weights import (
    EXPLAINED_KINDS,
    EXPLAINED_WINDOW,
    FENCE,
    FRAME_BONUS,
    FRAME_REACH,
    HEADING,
    LIB_FRAME,
    LINK_BONUS,
    LINK_GAP,
    LINK_MIN_SHARED,
    LINK_REACH,
    OBSERVED_GAP,
    OBSERVED_LINES,
    OBSERVED_SCORE_GAP,
    OUTPUT,
    PARAGRAPH_GAP,
    PARAGRAPH_MAX,
    RECENT_CODE,
    SHELL,
    STORY_KINDS,
    TEMPLATE_PREFIX,
    TEXT_KINDS,
    UNCOUNTED_KINDS,
)

OUTPUT_START = "  ⎿"
_SCORE = attrgetter("score")
PLAIN_REASON = {kind: REASON.get(kind, kind.value) for kind in Kind}  # no signal gained
CALL_START = "⏺ "
EDIT_CALLS = ("⏺ Update(", "⏺ Edit(", "⏺ MultiEdit(", "⏺ Write(")
OUTPUT_MORE = "     "
# Identifiers in code and in the statement that names them: words of 3+ characters.
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")
# Words that code and prose share without one pointing at the other.
COMMON = frozenset(
    "the and for not are was but this that with from into then than when what where which "
    "return self def let var const func new true false none null nil import from print "
    "async await with if else elif".split()
)


@dataclass(slots=True)
class Story:
    """Context the per-line pass carries from line to line (bounded, a few fields)."""

    explained: tuple[str, float] | None = None  # the last fix/cause statement: (what, score)
    explained_left: int = 0
    section: str | None = None
    section_held: bool = False
    fenced: bool = False  # inside a ``` block, where a blank line does not end a section
    output: bool = False  # inside a tool's output in an agent transcript
    # Recent code candidates, with their identifiers once a statement has needed them.
    recent_code: deque[tuple[Candidate, frozenset[str] | None]] = field(
        default_factory=lambda: deque(maxlen=RECENT_CODE)
    )
    error_at: int = -FRAME_REACH - 1  # the last error line, and whether a frame was named
    frame_named: bool = True
    frame_until: int = -1  # the location line right under a named frame belongs to it
    last_frame: Candidate | None = None
    call: Call | None = None  # the last tool call line, whose output the next lines are
    edit: bool = False  # that call edits a file: its output's + / - lines are changes
    shell: bool = False  # inside what a `$ command` printed, in a terminal log
    after_lib_frame: bool = False  # the line before was a library frame
    previous: str = ""  # the line before, "" after a blank line
    paragraph: list[Candidate] = field(default_factory=list)  # statements on adjacent lines
    # The last candidates printed in a tool's output: what a statement right under it reports.
    observed: deque[Candidate] = field(default_factory=lambda: deque(maxlen=OBSERVED_LINES))

    def tool_call(self, line: str, number: int, shape: Shape) -> None:
        """A `⏺ Name(argument)` line: the output under it belongs to it."""
        if line.startswith(CALL_START):
            self.call = Call(number, line, shape)
            self.edit = line.startswith(EDIT_CALLS)

    def speaker(self, line: str) -> bool:
        """True while the line is part of a tool's output (``  ⎿  `` and lines under it)."""
        if line.startswith(OUTPUT_START):
            self.output = True
        elif self.output and not line.startswith(OUTPUT_MORE):
            self.output = False
        return self.output

    def turn(self, info: LineInfo, shape: str, line: str, output: bool) -> Kind:
        """What the line is where it stands: prose that starts as the line before is a
        template filled in again, prose inside a tool's or a command's output is output (a
        `+`/`-` line in an edit tool's output a change), and text under a library frame is
        that frame's source line, whatever they look like alone.

        The pass calls this only for the kinds it can change (``TURN_KINDS``) and while a
        state it tracks is on; ``previous`` is the line before, set by the pass."""
        kind = info.kind
        if kind in STORY_KINDS:
            start = line.lstrip()[:TEMPLATE_PREFIX]
            if len(start) == TEMPLATE_PREFIX and self.previous.lstrip().startswith(start):
                return OUTPUT  # the same start as the line before: a template, not a sentence
        if self.after_lib_frame and kind in TEXT_KINDS:
            kind = LIB_FRAME  # the source line printed under a library frame
        self.after_lib_frame = kind is LIB_FRAME
        if output and kind in STORY_KINDS:
            return OUTPUT if not self.edit else edit_line_kind(shape)
        if self.shell or kind is SHELL:
            return self.command_output(kind, line)
        return kind

    def command_output(self, kind: Kind, line: str) -> Kind:
        """A terminal log's speaker turns: what a `$ command` prints, up to the next blank
        line, `# comment`, fence or command, is its output, not the author's sentences
        ("Reading symbols from …", "Shadow bytes around the buggy address:"), figures and
        cue words included ("[Thread debugging using libthread_db enabled]")."""
        if kind is SHELL:
            self.shell = True
        elif line.startswith("#") or kind is FENCE:
            self.shell = False
        elif kind in STORY_KINDS:
            return OUTPUT
        return kind

    def blank(self) -> None:
        """A blank line ends a section (unless it is held, right under a header, or fenced),
        a command's output and a library frame's source."""
        if not (self.section_held or self.fenced):
            self.section = None
        self.shell = self.after_lib_frame = False
        self.previous = ""

    def statement(self, info: LineInfo, kind: Kind, story: bool) -> tuple[str, float] | None:
        """The fix/cause statement a code line sits under, if it is within the window.

        A statement opens a window of ``EXPLAINED_WINDOW`` lines; fences, blank lines and
        tool boilerplate do not count against it.
        """
        if story:
            self.explained = (info.explains, info.score) if info.explains else None
            self.explained_left = EXPLAINED_WINDOW
            return None
        if self.explained is None or kind in UNCOUNTED_KINDS:
            return None
        explained = self.explained if kind in EXPLAINED_KINDS else None
        self.explained_left -= 1
        if not self.explained_left:
            self.explained = None
        return explained

    def count_repeats(self, count: int) -> None:
        """Repeated machine lines use up the statement's window as the lines themselves do."""
        if self.explained is not None:
            self.explained_left -= count
            if self.explained_left <= 0:
                self.explained = None

    def section_of(self, info: LineInfo, kind: Kind, story: bool) -> str | None:
        """The section (``fix``/``result``) the line is in; the line may open a new one."""
        section = self.section
        if kind is FENCE:
            self.fenced = not self.fenced
        if info.opens is not None:
            self.section = info.opens
            self.section_held = True  # blank lines right under "Fix:" do not end its section
        elif kind is HEADING and story:
            self.section = None
        elif self.section_held and kind is not FENCE:
            self.section_held = False
        return section

    def link_back(self, text: str, what: str, score: float, number: int) -> None:
        """Code shown just above a statement that names its identifiers is what it explains.

        "Found the root cause: the view builds the whole queryset into a `list`…" under the
        ``sed`` output that printed ``orders = list(Order.objects…)``: the code line scores
        close to the statement, as code under a statement does.
        """
        recent = self.recent_code
        if number - recent[-1][0].number > LINK_REACH:
            return  # no code shown lately: nothing to point at
        lowered = text.lower()
        named: frozenset[str] | None = None
        for index, (candidate, identifiers) in enumerate(recent):
            if number - candidate.number > LINK_REACH:
                continue
            if identifiers is None:
                identifiers = _identifiers(candidate.text)
                recent[index] = (candidate, identifiers)
            # A substring test first (in C): the statement's words are split only if it can pass.
            if sum(map(lowered.__contains__, identifiers)) < LINK_MIN_SHARED:
                continue
            if named is None:
                named = _identifiers(lowered)
            if len(named.intersection(identifiers)) >= LINK_MIN_SHARED:
                linked = max(candidate.score + LINK_BONUS, score - LINK_GAP)
                if linked > candidate.score:
                    candidate.score = linked
                    candidate.reason = f"{what}: code the statement points at"

    def printed(self, candidate: Candidate) -> None:
        """A candidate inside a tool's output: a statement under it may report it, and a
        change in an edit tool's output is kept with the call that names its file."""
        self.observed.append(candidate)
        if self.edit:
            candidate.call = self.call

    def report(self, statement: Candidate) -> None:
        """A statement right under a tool's output reports what it showed: the output's last
        lines are the observation it draws on ("⏺ The timer was stopped on Aug 14 and never
        started again." under the journal lines that show it) and score close to it."""
        observed = self.observed
        if not observed or statement.number - observed[-1].number > OBSERVED_GAP:
            return
        linked = statement.score - OBSERVED_SCORE_GAP
        for candidate in observed:
            if linked > candidate.score:
                candidate.score = linked
                candidate.reason = "observation the statement reports"
        observed.clear()

    def paragraph_line(self, statement: Candidate) -> None:
        """A sentence runs on over the lines of its paragraph (an assistant's turn wrapped
        under `⏺ Found it.`, a wrapped bullet): each line of it scores at least the
        paragraph's best line minus ``PARAGRAPH_GAP``, so the finding keeps its second half.
        A line with a signal of its own keeps its own score and reason."""
        lines = self.paragraph
        if not lines or statement.number != lines[-1].number + 1 or len(lines) >= PARAGRAPH_MAX:
            lines.clear()
        lines.append(statement)
        top = max(lines, key=_SCORE)
        floor = top.score - PARAGRAPH_GAP
        for candidate in lines:
            if candidate.score < floor and candidate.reason == PLAIN_REASON[candidate.kind]:
                candidate.score = floor
                candidate.reason = "same paragraph as a " + top.reason

    def error_line(self, number: int) -> None:
        """An error line: the app frame nearest to it (above, within reach) is named now."""
        self.error_at = number
        self.frame_named = False
        frame = self.last_frame
        if frame is not None and number - frame.number <= FRAME_REACH:
            _name_frame(frame)
            self.frame_named = True

    def app_frame(self, candidate: Candidate) -> None:
        """An app frame: the first one under an error line (and its location line) is named."""
        number = candidate.number
        if number <= self.frame_until or (
            not self.frame_named and number - self.error_at <= FRAME_REACH
        ):
            _name_frame(candidate)
            if not self.frame_named:
                self.frame_until = number + 1
            self.frame_named = True
        self.last_frame = candidate


def _name_frame(candidate: Candidate) -> None:
    candidate.score += FRAME_BONUS
    candidate.reason = "app frame nearest the error"


def _identifiers(text: str) -> frozenset[str]:
    """Words of three or more identifier characters, lowercased, without the common ones."""
    return frozenset(IDENT_RE.findall(text.lower())) - COMMON


def edit_line_kind(shape: str) -> Kind:
    """In an edit tool's output (`⏺ Update(app.py)`), `+ x` and `- x` are changed lines."""
    if shape.startswith("+"):
        return Kind.DIFF_ADD
    return Kind.DIFF_DEL if shape.startswith("-") else Kind.OUTPUT

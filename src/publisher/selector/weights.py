"""The pass's weights and limits in one place, so that tuning touches one file.

Scores are in the units of ``kinds.BASE`` (a plain statement is about 1-2, a strong root
cause statement 5-8). Limits bound memory on huge notes.
"""

from __future__ import annotations

from publisher.selector.kinds import Kind

ID_DUMP_MIN = 2
ID_KINDS = frozenset({Kind.LOG, Kind.ERROR, Kind.CONFIG, Kind.TABLE, Kind.SHELL, Kind.APP_FRAME})
CACHE_MAX = 200_000
CANDIDATE_CAP = 2_000
ELLIPSIS = "…"

SECTION_BONUS = {"fix": (1.2, "fix: "), "result": (0.8, "result: ")}
RUN_MIN_SCORE = -1.5
RUN_LAST_BONUS = 0.3
RUN_GAP = 8
# Code or config within a few lines under a fix or cause statement is what the statement
# describes (`keepalive = 75` under "Fix: raise the keepalive"): it scores close to the
# statement, so that a short line does not lose to strong log lines in a huge note.
EXPLAINED_WINDOW = 5
EXPLAINED_BONUS = 1.5
EXPLAINED_GAP = 0.5
EXPLAINED_KINDS = frozenset({Kind.CODE, Kind.CONFIG, Kind.DIFF_ADD})
# Fences and tool-call boilerplate ("⏺ Update(app.py)", "⎿ Updated app.py with 2 additions")
# sit between a statement and its code without moving them apart.
UNCOUNTED_KINDS = frozenset({Kind.FENCE, Kind.TOOL, Kind.SEPARATOR})
# Statements are kept (up to a total size) to find the keys they name once the keys are known.
STORY_TEXT_MAX = 4096
STORY_CHARS_MAX = 2_000_000
DUMPS_MAX = 20_000
FIRST_STATEMENT_BONUS = 1.0
LAST_STATEMENTS = 3
CONCLUSION_BONUS = 0.8
STATEMENT_KINDS = frozenset({Kind.PROSE, Kind.LIST})  # the author's own, not chatter
STORY_KINDS = frozenset({Kind.PROSE, Kind.LIST, Kind.HEADING, Kind.CHATTER})
OPENING_KINDS = frozenset({Kind.PROSE, Kind.LIST, Kind.HEADING})
UNSECTIONED_KINDS = frozenset({Kind.LIB_FRAME, Kind.TRACE, Kind.TOOL, Kind.PROGRESS})
FILLER_REASON = {kind: "filler: " + kind.value for kind in Kind}
# The per-line pass compares kinds for every line; a module global is found four times
# faster than an Enum member (``Kind.HEADING``).
BLOB, FENCE, HEADING, LIB_FRAME = Kind.BLOB, Kind.FENCE, Kind.HEADING, Kind.LIB_FRAME
APP_FRAME, ERROR, OUTPUT = Kind.APP_FRAME, Kind.ERROR, Kind.OUTPUT
DIFF_ADD, DIFF_DEL, TOOL, SHELL = Kind.DIFF_ADD, Kind.DIFF_DEL, Kind.TOOL, Kind.SHELL
# Kinds that, printed right under a library frame, are that frame's source line.
TEXT_KINDS = frozenset({Kind.CODE, Kind.CONFIG, Kind.PROSE, Kind.LIST})
# Code shown just above a statement that names two or more of its identifiers is what the
# statement points at (look back over the last few code lines of the last few dozen lines).
RECENT_CODE = 12
LINK_REACH = 40
LINK_MIN_SHARED = 2
LINK_BONUS = 1.5
LINK_GAP = 0.5
# Lines that take part in those links: statements, app frames, and the code they name.
LINKED_KINDS = frozenset(
    {Kind.PROSE, Kind.LIST, Kind.APP_FRAME, Kind.CODE, Kind.CONFIG, Kind.DIFF_ADD}
)
# The app frame nearest an error line (first under it, or last above it) is where it happened.
FRAME_REACH = 12
FRAME_BONUS = 1.5
# Prose printed inside a tool's output in a transcript is machine output: it keeps its
# signals but loses this much against the author's own statements.
OUTPUT_PENALTY = 1.5
# No long run of machine output (a dump of more than LONG_DUMP lines) takes more than this
# share of the budget, so a long log or table cannot crowd out the story's other parts.
DUMP_SHARE = 0.2
LONG_DUMP = 60
# A tool call line is kept with its output: it scores this much below the output's best line,
# if that line scores at least CALL_MIN.
CALL_GAP = 2.5
CALL_MIN = 3.0
# A statement right under a tool's output (blank lines between at most) reports what it
# showed: the output's last OBSERVED_LINES candidates score OBSERVED_SCORE_GAP below it.
OBSERVED_LINES = 2
OBSERVED_GAP = 3
OBSERVED_SCORE_GAP = 2.0
# The lines of one paragraph (statements on adjacent lines) score at least its best line
# minus PARAGRAPH_GAP; a paragraph longer than PARAGRAPH_MAX lines starts over.
PARAGRAPH_GAP = 0.5
PARAGRAPH_MAX = 6
# Prose whose first TEMPLATE_PREFIX characters are those of the line before is a template
# filled in ("Duplicate class kotlin.X found in …", "w: file:///…"), machine output.
TEMPLATE_PREFIX = 12
# The kinds that where a line stands can change (``Story.turn``): the author's words, a
# `$ command`, a library frame (whose source line follows).
TURN_KINDS = STORY_KINDS | {Kind.SHELL, Kind.LIB_FRAME}

"""The kinds of line a note holds, their base scores, and what classification returns."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    PROSE = "prose"
    HEADING = "heading"
    LIST = "list"
    CODE = "code"
    CONFIG = "config"
    DIFF_ADD = "diff+"
    DIFF_DEL = "diff-"
    SHELL = "shell"
    LOG = "log"
    ERROR = "error"
    APP_FRAME = "app frame"
    LIB_FRAME = "library frame"
    TRACE = "trace boilerplate"  # "Traceback (most recent call last):", "goroutine 7 [select]:"
    DIFF_HEADER = "diff header"  # "diff --git a/x b/x", "--- a/x", "+++ b/x", "@@ -1,4 +1,5 @@"
    TABLE = "table"
    JSON = "json"
    PROGRESS = "progress"
    INSTALL = "install log"
    TEST_PASS = "passing test"
    BLOB = "blob"
    TOOL = "tool call"
    OUTPUT = "tool output"  # prose printed by a tool in an agent transcript
    CHATTER = "chatter"
    FENCE = "fence"
    SEPARATOR = "separator"


# Kinds that never carry the story; they only fill the minimum budget if nothing else is left.
NOISE_KINDS = frozenset(
    {
        Kind.PROGRESS,
        Kind.INSTALL,
        Kind.TEST_PASS,
        Kind.BLOB,
        Kind.TOOL,
        Kind.LIB_FRAME,
        Kind.TRACE,
        Kind.JSON,
        Kind.FENCE,
        Kind.SEPARATOR,
        Kind.CHATTER,
    }
)
# Machine output: a run of these is a "dump" in which a rare line stands out.
MACHINE_KINDS = frozenset(
    {Kind.LOG, Kind.ERROR, Kind.TABLE, Kind.JSON, Kind.PROGRESS, Kind.INSTALL, Kind.TEST_PASS,
     Kind.BLOB, Kind.LIB_FRAME, Kind.TRACE, Kind.DIFF_HEADER, Kind.APP_FRAME, Kind.SHELL,
     Kind.TOOL, Kind.CODE, Kind.CONFIG, Kind.OUTPUT}
)  # fmt: skip

BASE: dict[Kind, float] = {
    Kind.PROSE: 1.0,
    Kind.LIST: 1.2,
    Kind.HEADING: 0.4,
    Kind.CODE: 0.2,
    Kind.CONFIG: 0.9,
    Kind.DIFF_ADD: 1.6,
    Kind.DIFF_DEL: 0.4,
    Kind.SHELL: -0.2,
    Kind.LOG: -0.3,
    Kind.ERROR: 1.4,
    Kind.APP_FRAME: 1.2,
    Kind.LIB_FRAME: -3.0,
    Kind.TRACE: -3.0,
    Kind.DIFF_HEADER: 0.0,
    Kind.TABLE: -0.6,
    Kind.JSON: -2.0,
    Kind.PROGRESS: -4.0,
    Kind.INSTALL: -3.0,
    Kind.TEST_PASS: -2.5,
    Kind.BLOB: -4.0,
    Kind.TOOL: -3.0,
    Kind.OUTPUT: -0.5,
    Kind.CHATTER: -1.5,
    Kind.FENCE: -4.0,
    Kind.SEPARATOR: -4.0,
}

REASON: dict[Kind, str] = {
    Kind.PROSE: "statement",
    Kind.LIST: "list item",
    Kind.HEADING: "heading",
    Kind.CODE: "code line",
    Kind.CONFIG: "config line",
    Kind.DIFF_ADD: "fix: added line",
    Kind.DIFF_DEL: "removed line",
    Kind.SHELL: "command",
    Kind.LOG: "log line",
    Kind.ERROR: "error line",
    Kind.APP_FRAME: "app stack frame",
}


class LineInfo(NamedTuple):
    kind: Kind
    score: float
    reason: str
    words: int = 0
    opens: str | None = None  # a header such as "Fix:" opens a "fix" or "result" section
    key: str | None = None
    # A statement of a fix or a cause: the code or config printed right under it shows it.
    explains: str | None = None

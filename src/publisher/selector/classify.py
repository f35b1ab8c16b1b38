"""What one line is, judged from its text alone.

``classify`` is pure and depends only on the line's text, so the selector can cache its answer
by the line's shape (digits collapsed) and pay for it once per distinct shape instead of once
per line: a million-line log of one repeated message costs one classification.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from itertools import pairwise
from typing import NamedTuple

from publisher.selector.signals import (
    ANSI_RE,
    ARROW_RE,
    ARROWS,
    ASSIGNMENT_RE,
    BEFORE_AFTER_RE,
    BEFORE_AFTER_WORDS,
    BLOB_RE,
    CATEGORIES,
    CHATTER_RE,
    CODE_ENDS,
    CODE_RE,
    CODE_SYMBOL_RE,
    COMMENT_MARKS,
    COMMENT_RE,
    CONFIG_RE,
    CYRILLIC_RE,
    DIGIT_RE,
    FIX_HEADER_RE,
    GUTTER_CHARS,
    HEX_PAIRS_RE,
    IDENTIFIER_RE,
    KEY_RE,
    LIB_PATH_RE,
    LINE_START_RE,
    LIST_RE,
    LOG_LEVEL_BAD_RE,
    MAX_STEM,
    MIN_STEM,
    NUMBER_UNIT_RE,
    PHRASES,
    PROGRESS_BLOCKS_RE,
    PROGRESS_HINTS,
    PROGRESS_RE,
    RESULT_HEADER_RE,
    STEMS,
    TEST_PASS_END,
    TEST_PASS_END_RE,
    WORD_RE,
)


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
    TABLE = "table"
    JSON = "json"
    PROGRESS = "progress"
    INSTALL = "install log"
    TEST_PASS = "passing test"
    BLOB = "blob"
    TOOL = "tool call"
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
        Kind.JSON,
        Kind.FENCE,
        Kind.SEPARATOR,
        Kind.CHATTER,
    }
)
# Machine output: a run of these is a "dump" in which a rare line stands out.
MACHINE_KINDS = frozenset(
    {Kind.LOG, Kind.ERROR, Kind.TABLE, Kind.JSON, Kind.PROGRESS, Kind.INSTALL, Kind.TEST_PASS,
     Kind.BLOB, Kind.LIB_FRAME, Kind.APP_FRAME, Kind.SHELL, Kind.TOOL, Kind.CODE, Kind.CONFIG}
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
    Kind.TABLE: -0.6,
    Kind.JSON: -2.0,
    Kind.PROGRESS: -4.0,
    Kind.INSTALL: -3.0,
    Kind.TEST_PASS: -2.5,
    Kind.BLOB: -4.0,
    Kind.TOOL: -3.0,
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


# classify runs once per distinct line shape; a module global is found four times faster
# than an Enum member (``Kind.PROSE``), so the hot paths use these.
PROSE, LIST, CHATTER, CODE, TABLE = Kind.PROSE, Kind.LIST, Kind.CHATTER, Kind.CODE, Kind.TABLE
LIB_FRAME = Kind.LIB_FRAME
PROSE_OR_LIST = frozenset({PROSE, LIST})


def classify(text: str) -> LineInfo:
    """Kind, text-only score and the main reason for one non-blank line."""
    if "\x1b" in text:
        text = ANSI_RE.sub("", text)
    s = text.strip()
    if not s:
        return _ANSI_ONLY
    if s.startswith(("```", "~~~")):
        return _NOISE_INFO[Kind.FENCE]
    start = LINE_START_RE.match(s)
    found = start.lastgroup if start else None
    noise = _noise_kind(s, found)
    if noise is not None:
        return _NOISE_INFO[noise]
    kind = _structural_kind(s, start, found)
    if kind is LIB_FRAME:  # noise, like the kinds above: its words do not count
        return _NOISE_INFO[kind]
    return _score(kind, s)


def _noise_kind(s: str, found: str | None) -> Kind | None:
    """``found``: what the line starts with, the name of a ``LINE_START_RE`` alternative."""
    if found == "separator" or found == "tool":
        return _NOISE_START[found]
    if _is_progress(s):
        return Kind.PROGRESS
    if found == "install":
        return Kind.INSTALL
    if found == "test" or (s.endswith(TEST_PASS_END) and TEST_PASS_END_RE.search(s)):
        return Kind.TEST_PASS
    if found == "hexdump" or (len(s) >= 60 and _is_blob(s)):
        return Kind.BLOB
    return Kind.JSON if found == "json" else None


_NOISE_START = {"separator": Kind.SEPARATOR, "tool": Kind.TOOL}
_NOISE_INFO = {kind: LineInfo(kind, BASE[kind], kind.value) for kind in NOISE_KINDS}
_ANSI_ONLY = LineInfo(Kind.SEPARATOR, BASE[Kind.SEPARATOR], "ANSI codes only")


def _is_progress(s: str) -> bool:
    if not s.isascii() and PROGRESS_BLOCKS_RE.search(s):  # isascii() costs nothing
        return True
    for hint in PROGRESS_HINTS:  # a cheap gate in front of a costly search
        if hint in s:
            return PROGRESS_RE.search(s) is not None
    return False


_NOT_HEX = bytes(set(range(256)) - set(b"0123456789abcdefABCDEF"))


def _is_blob(s: str) -> bool:
    # Runs of 40+ characters without a space are rare outside blobs; without one, only
    # space-separated hex pairs can match, and only where there are 48 hex digits at all.
    if max(map(len, s.split())) >= 40:
        match = BLOB_RE.search(s)
    elif len(s.encode(errors="replace").translate(None, _NOT_HEX)) >= 48:
        match = HEX_PAIRS_RE.search(s)
    else:
        return False
    if match is None:
        return False
    token = match.group(0)
    if token.count("/") > len(token) // 12 or token.count("-") > len(token) // 12:
        return False  # a path or a slug, not encoded data
    return len(token) * 2 >= len(s) or len(s) > 200


def _structural_kind(s: str, start: re.Match[str] | None, found: str | None) -> Kind:
    if start is None or found is None:
        return PROSE
    if found == "py_frame" or found == "warning_frame":
        path = start.group("py_path") or start.group("warning_path")
        return Kind.LIB_FRAME if LIB_PATH_RE.search(path) else Kind.APP_FRAME
    if found == "frame":
        # Transcript gutters (⎿, │) are not part of the frame a library pattern looks at.
        body = s.lstrip(GUTTER_CHARS)
        return Kind.LIB_FRAME if LIB_PATH_RE.search(body) else Kind.APP_FRAME
    if found == "log":
        return Kind.ERROR if LOG_LEVEL_BAD_RE.search(s) else Kind.LOG
    if found == "diff":
        return Kind.DIFF_ADD if start.group("sign") == "+" else Kind.DIFF_DEL
    return _STRUCTURE[found]


_STRUCTURE = {
    "boilerplate": Kind.LIB_FRAME,
    "exception": Kind.ERROR,
    "error": Kind.ERROR,
    "heading": Kind.HEADING,
    "shell": Kind.SHELL,
    "list": Kind.LIST,
}


STORY_KINDS = frozenset({Kind.PROSE, Kind.LIST, Kind.HEADING, Kind.CHATTER})
KEYED_KINDS = frozenset({Kind.CODE, Kind.CONFIG, Kind.DIFF_ADD, Kind.DIFF_DEL})


def _score(kind: Kind, s: str) -> LineInfo:
    lowered = s.lower()
    tokens = WORD_RE.findall(lowered)
    words = len(tokens)
    cyrillic = not s.isascii() and CYRILLIC_RE.search(lowered) is not None
    if kind in PROSE_OR_LIST:
        kind = _prose_or_code(kind, s, words, len("".join(tokens)), cyrillic)
        if kind is PROSE and CHATTER_RE.match(_speaker_stripped(s)):
            kind = CHATTER
    story = kind in STORY_KINDS
    # Words and figures count fully in what the author wrote, half in machine output.
    weight = 1.0 if story else 0.5
    # The score sums the gains; the largest gain (the first of equals) names the line,
    # unless it is small or has no name. Kept inline: this runs for every new line shape.
    score, base_reason = _BASE_GAIN[kind]
    top, reason = -9.0, ""
    hits = _categories(tokens)
    if hits:
        category_gains = _CATEGORY_GAINS[weight]
        for category in hits:
            gain, name = category_gains[category]
            score += gain
            if gain > top:
                top, reason = gain, name
    if DIGIT_RE.search(lowered):
        if _before_after(s, lowered):
            gain, name = 1.5 * weight, "numbers before/after"
        else:
            gain, name = 0.6 * min(len(NUMBER_UNIT_RE.findall(lowered)), 3) * weight, "numbers"
        if gain:
            score += gain
            if gain > top:
                top, reason = gain, name
    if kind in PROSE_OR_LIST:
        gain = min(1.5, words / 8)
        score += gain
        if gain > top:
            top, reason = gain, ""
        if cyrillic:
            score += 0.3  # Russian in a dev note is the author's own words
            if top < 0.3:
                top, reason = 0.3, ""
        if s.startswith(">") and words >= 4:
            score += 0.8
            if top < 0.8:
                top, reason = 0.8, "problem (user)"
    elif kind is CHATTER and hits:
        gain = -0.5 * len(hits)  # narration keeps half of what its words earn
        score += gain
        if gain > top:
            top, reason = gain, ""
    keyed = kind in KEYED_KINDS
    if keyed and _commented(s):
        score += 1.0
        if top < 1.0:
            top, reason = 1.0, "commented code"
    header = s.endswith((":", "**"))  # every section header ends so; most lines do not
    fix_header = header and FIX_HEADER_RE.match(s) is not None
    result_header = header and not fix_header and RESULT_HEADER_RE.match(s) is not None
    if fix_header or result_header:
        score += 0.5
        if top < 0.5:
            top, reason = 0.5, "section header"
    key_match = KEY_RE.match(s) if keyed else None
    return LineInfo(
        kind,
        round(score, 3),
        reason if top > 0.3 and reason else base_reason,
        words,
        "fix" if fix_header else "result" if result_header else None,
        key_match.group(1).lower() if key_match else None,
        "fix" if fix_header else _explains(hits, s) if story and kind is not CHATTER else None,
    )


def _explains(hits: set[str], s: str) -> str | None:
    what = "fix" if "fix" in hits else "cause" if "cause" in hits else None
    if what is not None and _commented(s):
        return None  # `x = 1   # fixed in 2023` is code with a comment, not a statement
    return what


_BASE_GAIN = {kind: (BASE[kind], REASON.get(kind, kind.value)) for kind in Kind}
_CATEGORY_GAINS = {
    weight: {name: (value * weight, reason) for name, (value, reason) in CATEGORIES.items()}
    for weight in (1.0, 0.5)
}


def _contains_any(text: str, needles: tuple[str, ...]) -> bool:
    """A cheap gate in front of a costly search; a plain loop is faster than any(generator)."""
    for needle in needles:  # noqa: SIM110
        if needle in text:
            return True
    return False


def _before_after(s: str, lowered: str) -> bool:
    if _contains_any(s, ARROWS) and ARROW_RE.search(s):
        return True
    return _contains_any(lowered, BEFORE_AFTER_WORDS) and bool(BEFORE_AFTER_RE.search(lowered))


def _commented(s: str) -> bool:
    return _contains_any(s, COMMENT_MARKS) and COMMENT_RE.search(s) is not None


def named_keys(texts: Iterable[str], keys: set[str]) -> set[str]:
    """The config/code keys that some of ``texts`` (the note's statements) name.

    A key named in prose (`num_workers`, max.poll.interval.ms, "keepalive = 75") marks the
    line that sets it as the change the text is about. Only texts that contain a key at all
    are searched for identifiers, a cheap test while the keys are few.
    """
    named: set[str] = set()
    few = len(keys) <= NAMED_KEYS_PRECHECK
    for text in texts:
        if few:
            lowered = text.lower()
            if not any(key in lowered for key in keys):
                continue
        named.update(keys.intersection(_mentions(text)))
    return named


NAMED_KEYS_PRECHECK = 32


def _mentions(s: str) -> list[str]:
    found = []
    for name, quoted in IDENTIFIER_RE.findall(s):
        if quoted:  # `timeout=30s` in backticks names the key before "="
            if len(quoted) >= 4:
                found.append(KEY_TAIL_RE.sub("", quoted.lower()).rstrip(".-"))
        elif len(name) >= 4:
            found.append(name.lower())
    if "=" in s:
        found += [name.lower() for name in ASSIGNMENT_RE.findall(s) if len(name) >= 3]
    return found


KEY_TAIL_RE = re.compile(r"[=:,;()\[\]{}<>'\"].*$")


def _speaker_stripped(s: str) -> str:
    return s.lstrip("⏺●>*-• \t")


def _prose_or_code(kind: Kind, s: str, words: int, letters: int, cyrillic: bool) -> Kind:
    """Prose has mostly letters in words; code and config have symbols and few words."""
    body = LIST_RE.sub("", s, count=1) if kind is LIST else s
    if cyrillic and words >= 3 and not _commented(body):
        return kind
    if body.endswith(CODE_ENDS) or CODE_RE.match(body):
        return CODE
    if words >= 5 and letters >= 0.55 * len(body):
        return kind
    if CONFIG_RE.match(body) and len(body) <= 120:
        return Kind.CONFIG
    digits = len(DIGIT_RE.findall(body))
    if words <= 3 and digits >= 2 and digits + body.count(" ") >= 0.5 * len(body):
        return TABLE
    if words >= 4 and letters >= 0.45 * len(body):
        return kind
    symbols = len(CODE_SYMBOL_RE.findall(body))
    if symbols >= 3 or body.endswith((";", "{", "}", ")", ",", ":")):
        return CODE
    if words <= 2:
        return TABLE if digits else CODE
    return kind


def _categories(tokens: list[str]) -> set[str]:
    found = set(map(_TOKEN_CATEGORY.__getitem__, tokens))
    found.discard(None)  # type: ignore[arg-type]
    if not _PHRASE_STARTS.isdisjoint(tokens):
        for first, second in pairwise(tokens):
            phrase = PHRASES.get(first)
            if phrase is not None:
                found.update(cat for stem, cat in phrase.items() if second.startswith(stem))
    return found  # type: ignore[return-value]


TOKEN_CACHE_MAX = 50_000
_PHRASE_STARTS = frozenset(PHRASES)


class _TokenCategories(dict[str, str | None]):
    """Words repeat across lines far more than lines do: one prefix search per distinct word."""

    def __missing__(self, token: str) -> str | None:
        category = _token_category(token)
        if len(self) < TOKEN_CACHE_MAX:
            self[token] = category
        return category


_TOKEN_CATEGORY = _TokenCategories()


def _token_category(token: str) -> str | None:
    stems = STEMS
    for k in range(MIN_STEM, min(len(token), MAX_STEM) + 1):
        category = stems.get(token[:k])
        if category is not None:
            return category
    return None

"""One pass over a note: score every line in context, keep a bounded set of candidates.

Per line the pass does a dictionary look-up of the line's *shape* (the text with every
token that contains a digit collapsed to ``0``), so repeated log lines that differ only in
timestamps, counters or ids share one classification and one candidate: the first
occurrence. A run of consecutive lines of one shape is counted at once. Context that a single
line cannot know is tracked with a few counters:

* a *dump* is a run of machine-output lines; a line with a new shape inside a dump made of
  repeats is the anomaly a reader looks for (the one WARN among a thousand INFO lines);
  many odd lines, in one dump or across the note, share the bonus;
* a *section* starts at a header such as ``Fix:`` or ``Итого:`` and lends its meaning to the
  lines under it until the next blank line;
* code or config right under a statement of a fix or a cause is what the statement shows;
* library stack frames pass their status to the source line printed under them;
* the first statement is usually the problem and the last ones the conclusion;
* statements are kept to find the config keys they name once those keys are known.

Memory is bounded: the shape cache, the candidate list and the kept statements have fixed
caps, and only the text that could be printed (``max_line_chars``) is stored for candidates.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from publisher.config import SelectorSettings
from publisher.models import Selection
from publisher.selector.classify import (
    MACHINE_KINDS,
    NOISE_KINDS,
    Kind,
    LineInfo,
    classify,
    named_keys,
)

# A whitespace-delimited token with a digit in it is a value (timestamp, counter, id, size),
# so the whole token collapses; "=" and ":" also end tokens so that keys survive:
# "memberId='order-7-kx2p'," becomes "memberId=0" and "took=318771ms" becomes "took=0".
# Two passes, because a pattern that starts at a token's first character (a look-behind)
# makes the regex engine try every position of the text, three times slower than scanning
# for digits: the first pass collapses each token from its first digit on ("kx2p" -> "kx0"),
# the second, run on the reversed text, eats the letters left in front of that "0". Both run
# on UTF-8 bytes with every digit turned into "0" first: a one-byte literal is found much
# faster than a digit class, and a token never ends inside a multi-byte character. Tokens
# end at ASCII whitespace, "=" and ":" (a no-break space does not split a token).
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
DIGIT_TAIL_RE = re.compile(rb"0[^\s=:]*+")
LETTER_HEAD_RE = re.compile(rb"0[^\s=:]++")
# Random ids without digits: runs of hex letters, or of consonants only.
LETTER_ID_RE = re.compile(r"(?<![A-Za-z])(?:[a-f]{6,}|[b-df-hj-np-tv-xz]{5,})(?![A-Za-z])")
ID_DUMP_MIN = 2
ID_KINDS = frozenset({Kind.LOG, Kind.ERROR, Kind.CONFIG, Kind.TABLE, Kind.SHELL, Kind.APP_FRAME})
SHAPE_KEY_MAX = 240
SHAPE_SHORT = 12
CACHE_MAX = 200_000
CANDIDATE_CAP = 2_000
ELLIPSIS = "…"
GUTTER = " \t⎿│|>"  # transcript and quote gutters do not make two lines different

SECTION_BONUS = {"fix": (1.2, "fix: "), "result": (0.8, "result: ")}
ANOMALY_BONUS = 2.2
ANOMALIES_PER_DUMP = 3
ANOMALIES_PER_NOTE = 20
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
MENTIONED_KEY_BONUS = 1.2
FIRST_STATEMENT_BONUS = 1.0
LAST_STATEMENTS = 3
CONCLUSION_BONUS = 0.8
STATEMENT_KINDS = frozenset({Kind.PROSE, Kind.LIST})  # the author's own, not chatter
STORY_KINDS = frozenset({Kind.PROSE, Kind.LIST, Kind.HEADING, Kind.CHATTER})
OPENING_KINDS = frozenset({Kind.PROSE, Kind.LIST, Kind.HEADING})
UNSECTIONED_KINDS = frozenset({Kind.LIB_FRAME, Kind.TOOL, Kind.PROGRESS})
FILLER_REASON = {kind: "filler: " + kind.value for kind in Kind}
# The per-line pass compares kinds for every line; a module global is found four times
# faster than an Enum member (``Kind.HEADING``).
BLOB, FENCE, HEADING, LIB_FRAME = Kind.BLOB, Kind.FENCE, Kind.HEADING, Kind.LIB_FRAME
# Kinds that, printed right under a library frame, are that frame's source line.
TEXT_KINDS = frozenset({Kind.CODE, Kind.CONFIG, Kind.PROSE, Kind.LIST})


@dataclass(slots=True)
class _Shape:
    info: LineInfo
    count: int = 0
    run_dump: int = -1
    last_seen: int = 0
    run_last: tuple[int, str] | None = None


@dataclass(slots=True)
class _Candidate:
    number: int
    text: str
    score: float
    reason: str
    shape: _Shape
    kind: Kind
    anomaly_dump: int = -1


@dataclass(slots=True)
class _Pass:
    settings: SelectorSettings
    number: int = 0
    nonempty: int = 0
    head: list[_Candidate] = field(default_factory=list)
    candidates: list[_Candidate] = field(default_factory=list)
    # Noise and repeats that may fill the minimum budget: (number, line, entry, kind), made
    # candidates only if they are needed.
    fillers: list[tuple[int, str, _Shape, Kind]] = field(default_factory=list)
    cache: dict[str, _Shape] = field(default_factory=dict)
    story_texts: list[str] = field(default_factory=list)
    story_chars: int = 0
    anomalies: dict[int, int] = field(default_factory=dict)
    section: str | None = None
    dump_id: int = 0
    dump_len: int = 0
    dump_repeats: int = 0
    after_lib_frame: bool = False
    explained: tuple[str, float] | None = None  # the last fix/cause statement: (what, score)
    explained_left: int = 0
    section_held: bool = False
    fenced: bool = False  # inside a ``` block, where a blank line does not end a section
    seen_statement: bool = False
    last_statements: deque[_Candidate] = field(
        default_factory=lambda: deque(maxlen=LAST_STATEMENTS)
    )
    last: tuple[_Shape, Kind] | None = None  # the line before, if a repeat of it can be cheap

    def feed(self, chunk: str) -> None:
        lines = chunk.split("\n")
        end = 0
        # Runs of lines with one shape (two thirds of a log) are taken together.
        for shape, count in shape_runs(chunk):
            start, end = end, end + count
            cr = shape.endswith("\r")
            if cr:
                shape = shape[:-1]
            if not shape or shape.isspace():  # a blank line has no digits: it is its shape
                self.number += end - start
                if not (self.section_held or self.fenced):
                    self.section = None
                self._end_dump()
                self.after_lib_frame = False
                continue
            for index in range(start, end):
                if index > start and self._repeat(lines, index, end, cr):
                    break
                line = lines[index]
                self.number += 1
                self.nonempty += 1
                self._line(line[:-1] if cr else line, shape)

    def _repeat(self, lines: list[str], start: int, end: int, cr: bool) -> bool:
        """Count ``lines[start:end]``, repeats of the line before; False if they need ``_line``.

        Past the head of the note, with the fillers found, a line of the same shape as the
        line before only extends its run: this does at once what ``_line`` would do for
        each of them.
        """
        settings = self.settings
        if (
            self.last is None
            or self.nonempty < settings.max_lines
            or len(self.fillers) < settings.max_lines
        ):
            return False
        entry, kind = self.last
        count = end - start
        self.number += count
        self.nonempty += count
        entry.count += count
        if kind in MACHINE_KINDS:
            self.dump_len += count
            self.dump_repeats += count
        if entry.info.score > RUN_MIN_SCORE:
            line = lines[end - 1]
            entry.run_last = (self.number, line[:-1] if cr else line)
        entry.last_seen = self.number
        if self.explained is not None and kind not in STORY_KINDS and kind not in UNCOUNTED_KINDS:
            self.explained_left -= count
            if self.explained_left <= 0:
                self.explained = None
        return True

    def _line(self, line: str, shape: str) -> None:
        # Runs for most lines of a note, so it reads state into locals and skips for
        # repeated lines what their first occurrence already did (classification, statements).
        shape = shape.lstrip(GUTTER)
        size = len(shape)
        if size < SHAPE_SHORT:
            # "0" may stand for a counter or for a base64 blob: keep their lengths apart.
            key = f"{shape}\x00{len(line).bit_length()}"
        elif size > SHAPE_KEY_MAX:
            key = f"{shape[:200]}{shape[-30:]}{size}"
        else:
            key = shape
        cache = self.cache
        entry = cache.get(key)
        first = entry is None
        cached = not first
        if entry is None:
            entry = _Shape(classify(line))
            if self.dump_len >= ID_DUMP_MIN and entry.info.kind in ID_KINDS:
                # Ids made of letters only (`rl:acadddfdba`, a pod suffix `qwxzt`) escape the
                # digit fold; log-like output inside a dump looks again with them folded, so
                # such lines repeat too (prose, code, noise and the first lines of a dump are
                # left alone: the search costs about as much as the shape itself).
                folded = LETTER_ID_RE.sub("0", key)
                if folded != key:
                    known = cache.get(folded)
                    if known is None:
                        cache[folded] = entry
                    else:
                        entry, first = known, False
            if len(cache) < CACHE_MAX and entry.info.kind is not BLOB:
                cache[key] = entry
                cached = True
        entry.count += 1
        info = entry.info
        kind = info.kind
        if self.after_lib_frame and kind in TEXT_KINDS:
            kind = LIB_FRAME
        self.after_lib_frame = kind is LIB_FRAME
        # The next line can take the cheap path only if it would find this entry by its key.
        self.last = (entry, kind) if cached and size >= SHAPE_SHORT else None
        number = self.number

        anomaly = False
        if kind in MACHINE_KINDS:
            dump_len = self.dump_len
            if first:
                anomaly = (
                    info.words >= 2 and dump_len >= 6 and self.dump_repeats * 3 >= dump_len * 2
                )
            else:
                self.dump_repeats += 1
            self.dump_len = dump_len + 1
        elif self.dump_len:
            self._end_dump()
        if first:
            new_run = False
            entry.run_dump = self.dump_id
            if info.kind in STORY_KINDS and self.story_chars < STORY_CHARS_MAX:
                text = line[:STORY_TEXT_MAX]
                self.story_texts.append(text)
                self.story_chars += len(text)
        else:
            new_run = info.score > RUN_MIN_SCORE and self._extend_run(entry, line)
        entry.last_seen = number

        explained = None
        # "# comment" in a fenced block is code, not a heading that starts a new topic.
        story = kind in STORY_KINDS and not (self.fenced and kind is HEADING)
        if story:
            self.explained = (info.explains, info.score) if info.explains else None
            self.explained_left = EXPLAINED_WINDOW
        elif self.explained is not None and kind not in UNCOUNTED_KINDS:
            if kind in EXPLAINED_KINDS:
                explained = self.explained
            self.explained_left -= 1
            if not self.explained_left:
                self.explained = None

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

        max_lines = self.settings.max_lines
        head = self.nonempty <= max_lines
        noise = kind in NOISE_KINDS
        if (noise or not first) and len(self.fillers) < max_lines:
            self.fillers.append((number, line, entry, kind))
        if not (head or ((first or new_run) and not noise)):
            return
        score, reason = (info.score, info.reason) if kind is info.kind else (-3.0, kind.value)
        if section is not None and kind not in UNSECTIONED_KINDS:
            bonus, prefix = SECTION_BONUS[section]
            score += bonus
            reason = prefix + reason
        if anomaly:
            reason = "unusual line in repeated output"
            if len(self.anomalies) < DUMPS_MAX:
                self.anomalies[self.dump_id] = self.anomalies.get(self.dump_id, 0) + 1
        if explained is not None:
            what, statement_score = explained
            score = max(score + EXPLAINED_BONUS, statement_score - EXPLAINED_GAP)
            reason = f"{what}: code under the statement"
        if kind in OPENING_KINDS and not self.seen_statement:
            score += FIRST_STATEMENT_BONUS
            reason = "problem statement"
            self.seen_statement = True
        candidate = self._candidate(line, score, reason, entry, kind)
        if anomaly:
            candidate.anomaly_dump = self.dump_id
        if kind in STATEMENT_KINDS:
            self.last_statements.append(candidate)
        if head:
            self.head.append(candidate)
        if (first or new_run) and not noise:
            self._add(candidate)

    def _add(self, candidate: _Candidate) -> None:
        self.candidates.append(candidate)
        if len(self.candidates) > 2 * CANDIDATE_CAP:
            self.candidates = _best(self.candidates)[:CANDIDATE_CAP]

    def _end_dump(self) -> None:
        if self.dump_len:
            self.dump_id += 1
            self.dump_len = self.dump_repeats = 0

    def _extend_run(self, entry: _Shape, line: str) -> bool:
        """Track the last line of a run of similar lines; True if this line starts a new run.

        The first and the last of a run are the ones a reader quotes: where the numbers
        started and where they ended up (the last progress line, the p99 row, the final lag).
        """
        if entry.run_dump == self.dump_id or self.number - entry.last_seen <= RUN_GAP:
            entry.run_last = (self.number, line)
            return False
        self._close_run(entry)
        entry.run_dump = self.dump_id
        return True

    def _close_run(self, entry: _Shape) -> None:
        if entry.run_last is None:
            return
        number, line = entry.run_last
        entry.run_last = None
        score = entry.info.score + RUN_LAST_BONUS
        self._add(
            self._candidate(line, score, "last of similar lines", entry, entry.info.kind, number)
        )

    def _candidate(
        self,
        line: str,
        score: float,
        reason: str,
        entry: _Shape,
        kind: Kind,
        number: int | None = None,
    ) -> _Candidate:
        limit = self.settings.max_line_chars
        text = line if len(line) <= limit else line[: limit - 1] + ELLIPSIS
        return _Candidate(number or self.number, text, score, reason, entry, kind)

    def result(self) -> Selection:
        settings = self.settings
        for candidate in self.last_statements:
            candidate.score += CONCLUSION_BONUS
            if candidate.reason in ("statement", "list item"):
                candidate.reason = "conclusion"
        if self.nonempty <= settings.max_lines:
            chosen = self.head
        else:
            for entry in self.cache.values():
                self._close_run(entry)
            # Two odd lines in a log stand out; two hundred are just variety, whether they sit
            # in one dump or in a hundred dumps of a long session.
            anomaly_bonus = ANOMALY_BONUS * min(
                1.0, ANOMALIES_PER_NOTE / max(1, sum(self.anomalies.values()))
            )
            keys = {c.shape.info.key for c in self.candidates} - {None}
            named = named_keys(self.story_texts, keys)  # type: ignore[arg-type]
            for candidate in self.candidates:
                candidate.score -= _repeat_penalty(candidate.shape.count)
                if candidate.anomaly_dump >= 0:
                    seen = self.anomalies.get(candidate.anomaly_dump, 1)
                    candidate.score += anomaly_bonus * min(1.0, ANOMALIES_PER_DUMP / seen)
                key = candidate.shape.info.key
                if key is not None and key in named:
                    candidate.score += MENTIONED_KEY_BONUS
                    candidate.reason = f"{candidate.reason}, named in text"
            chosen = _distinct(_best(self.candidates), settings.max_lines)
            if len(chosen) < settings.min_lines:
                fillers = [
                    self._candidate(text, entry.info.score, FILLER_REASON[kind], entry, kind, at)
                    for at, text, entry, kind in self.fillers
                ]
                chosen += _best(fillers)[: settings.min_lines - len(chosen)]
            chosen.sort(key=lambda c: c.number)
        lines = [
            {"number": c.number, "text": c.text, "score": round(c.score, 2), "reason": c.reason}
            for c in chosen
        ]
        return Selection.model_validate({"total_lines": self.number, "lines": lines})


def shape_runs(chunk: str) -> Iterator[tuple[str, int]]:
    """The shapes of the lines of ``chunk``: (shape, number of consecutive lines with it).

    A shape is the line with every token that contains a digit collapsed to ``0``. Lines
    that are equal once their digits are folded to "0" have one shape, so the shape patterns
    run only on the first line of each such run: most lines of a log repeat the one before.
    """
    try:
        data = chunk.encode()
    except UnicodeEncodeError:  # lone surrogates: rare, and twice as slow to encode
        data = chunk.encode("utf-8", "surrogatepass")
    lines = data.translate(_DIGITS_TO_ZERO).split(b"\n")
    folded = [(line, len(list(run))) for line, run in groupby(lines)]
    data = DIGIT_TAIL_RE.sub(b"0", b"\n".join([line for line, _ in folded]))
    data = LETTER_HEAD_RE.sub(b"0", data[::-1])[::-1]
    shapes = data.decode("utf-8", "surrogatepass").split("\n")
    previous, total = "", 0
    for shape, (_, count) in zip(shapes, folded, strict=True):
        if shape == previous:
            total += count
            continue
        if total:
            yield previous, total
        previous, total = shape, count
    if total:
        yield previous, total


def _repeat_penalty(count: int) -> float:
    """Lines that repeat with only numbers changed say one thing once; the rest is volume."""
    return 0.0 if count <= 1 else min(2.0, 0.25 * math.log2(count))


def _distinct(ranked: list[_Candidate], limit: int) -> list[_Candidate]:
    """The best ``limit`` candidates, each text once: a sentence pasted twice says it once."""
    chosen: list[_Candidate] = []
    seen: set[str] = set()
    for candidate in ranked:
        if candidate.text not in seen:
            seen.add(candidate.text)
            chosen.append(candidate)
            if len(chosen) == limit:
                break
    return chosen


def _best(candidates: list[_Candidate]) -> list[_Candidate]:
    return sorted(candidates, key=lambda c: (-c.score, c.number))


def run(chunks: Iterable[str], settings: SelectorSettings) -> Selection:
    state = _Pass(settings)
    for chunk in chunks:
        state.feed(chunk)
    return state.result()

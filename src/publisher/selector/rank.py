"""One pass over a note: score every line in context, keep a bounded set of candidates.

Each line goes through the same named steps; ``--explain`` names the step that decided a
kept line's score (the table in docs/selector.md): 1. what the line is (``_lookup``, once per
shape via ``classify``); 2–3. dumps and repeats (``_track_runs``: "unusual line in repeated
output", "last of similar lines"); 4. a statement and its code, an error and its frame
(``Story.statement``, ``_link``); 5. sections (``Story.section_of``: "fix: …"); 6. place in
the story (``_in_context``: "problem statement", "conclusion"); 7. the whole note and the
budget (``_budget``, ``budget.py``).

Memory is bounded: the shape cache, candidates and kept statements have caps (``weights.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from publisher.config import SelectorSettings
from publisher.models import Selection
from publisher.selector import budget, learned, weights
from publisher.selector.budget import Candidate, Shape, best
from publisher.selector.classify import MACHINE_KINDS, NOISE_KINDS, Kind, LineInfo
from publisher.selector.keys import named_keys, quoted_names
from publisher.selector.kinds import BASE, REASON
from publisher.selector.prefixes import classify_line
from publisher.selector.shapes import (
    GUTTER,
    SHAPE_KEY_MAX,
    SHAPE_SHORT,
    fold_letter_ids,
    shape_key,
    shape_runs,
)
from publisher.selector.story import OUTPUT_START, Story
from publisher.selector.weights import (
    BLOB,
    ERROR,
    FENCE,
    HEADING,
    LINKED_KINDS,
    OUTPUT,
    STORY_KINDS,
    TOOL,
    TURN_KINDS,
    UNCOUNTED_KINDS,
)


@dataclass(slots=True)
class _Pass:
    settings: SelectorSettings
    max_lines: int = 0  # settings.max_lines, read for every line
    number: int = 0
    nonempty: int = 0
    head: list[Candidate] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    # Noise and repeats that may fill the minimum budget, made candidates only if needed.
    fillers: list[tuple[int, str, Shape, Kind]] = field(default_factory=list)
    cache: dict[str, Shape] = field(default_factory=dict)
    story_texts: list[str] = field(default_factory=list)
    story_chars: int = 0
    anomalies: dict[int, int] = field(default_factory=dict)
    long_dumps: set[int] = field(default_factory=set)  # runs of output longer than the budget
    dump_id: int = 0
    dump_len: int = 0
    dump_repeats: int = 0
    story: Story = field(default_factory=Story)
    seen_statement: bool = False
    last_statements: deque[Candidate] = field(
        default_factory=lambda: deque(maxlen=weights.LAST_STATEMENTS)
    )
    last: tuple[Shape, Kind] | None = None  # the line before, if a repeat of it can be cheap

    def feed(self, chunk: str) -> None:
        """Run every line of ``chunk`` through the steps; runs of one shape go together."""
        lines = chunk.split("\n")
        end = 0
        for shape, count in shape_runs(chunk):
            start, end = end, end + count
            cr = shape.endswith("\r")
            if cr:
                shape = shape[:-1]
            if not shape or shape.isspace():  # a blank line has no digits: it is its shape
                self._blank(end - start)
                continue
            for index in range(start, end):
                if index > start and self._repeat(lines, index, end, cr):
                    break
                line = lines[index]
                self.number += 1
                self.nonempty += 1
                self._line(line[:-1] if cr else line, shape)

    def _blank(self, count: int) -> None:
        """A blank line ends a section (unless held or fenced), a dump and a frame's source."""
        self.number += count
        self.story.blank()
        if self.dump_len:
            self._end_dump()

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
        if entry.info.score > weights.RUN_MIN_SCORE:
            line = lines[end - 1]
            entry.run_last = (self.number, line[:-1] if cr else line)
            entry.run_output = self.story.output
        entry.last_seen = self.number
        if kind not in STORY_KINDS and kind not in UNCOUNTED_KINDS:
            self.story.count_repeats(count)
        return True

    def _line(self, line: str, shape: str) -> None:
        """One non-blank line through the steps named in the module docstring."""
        context = self.story
        output = context.output
        if output or line.startswith(OUTPUT_START):  # a cheap gate: most lines are neither
            output = context.speaker(line)
        entry, first, kind = self._lookup(line, shape.lstrip(GUTTER), output)
        info = entry.info
        if kind is TOOL:
            context.tool_call(line, self.number, entry)
        anomaly, new_run = self._track_runs(entry, kind, line, first)
        # "# comment" in a fenced block is code, not a heading that starts a new topic.
        story = kind in STORY_KINDS and not (context.fenced and kind is HEADING)
        # Steps 4 and 5 only when they can change something (a cheap gate for most lines).
        explained = None
        if story or context.explained is not None:
            explained = context.statement(info, kind, story)
        section = context.section
        if context.section_held or info.opens is not None or kind is FENCE or kind is HEADING:
            section = context.section_of(info, kind, story)
        if first or new_run or self.nonempty <= self.max_lines:
            self._keep(line, entry, kind, first or new_run, first, anomaly, explained, section)
        elif len(self.fillers) < self.max_lines:  # a repeat: it may only fill the minimum
            self.fillers.append((self.number, line, entry, kind))

    def _lookup(self, line: str, shape: str, output: bool) -> tuple[Shape, bool, Kind]:
        """Step 1, what the line is: its shape's entry (classified once), new or not, kind.

        Where the line stands can change what it is (``Story.turn``): prose a tool or a
        `$ command` printed is output, and text under a library frame is that frame's source.
        """
        size = len(shape)
        key = shape if SHAPE_SHORT <= size <= SHAPE_KEY_MAX else shape_key(shape, line)
        cache = self.cache
        entry = cache.get(key)
        first = entry is None
        cached = not first
        if entry is None:
            entry = new = Shape(classify_line(line))
            if self.dump_len >= weights.ID_DUMP_MIN and new.info.kind in weights.ID_KINDS:
                entry, first = fold_letter_ids(cache, key, new)
            if len(cache) < weights.CACHE_MAX and entry.info.kind is not BLOB:
                cache[key] = entry
                cached = True
        entry.count += 1
        story = self.story
        kind = entry.info.kind
        if output or kind in TURN_KINDS or story.shell or story.after_lib_frame:
            kind = story.turn(entry.info, shape, line, output)
        story.previous = line
        # The next line can take the cheap path only if it would find this entry by its key.
        self.last = (entry, kind) if cached and size >= SHAPE_SHORT else None
        return entry, first, kind

    def _track_runs(self, entry: Shape, kind: Kind, line: str, first: bool) -> tuple[bool, bool]:
        """Steps 2 and 3, dumps and repeats: (an unusual line in a dump of repeats, a repeated
        shape that starts a new run and so is a candidate again).

        A run of machine output is a dump; a new shape in a dump made mostly of repeats is
        the anomaly a reader looks for. Of a run of same-shape lines the first and the last
        are kept.
        """
        anomaly = new_run = False
        if kind in MACHINE_KINDS:
            dump_len = self.dump_len
            self.dump_len = dump_len + 1
            if first:
                repeats = self.dump_repeats
                anomaly = entry.info.words >= 2 and dump_len >= 6 and repeats * 3 >= dump_len * 2
            else:
                self.dump_repeats += 1
        elif self.dump_len:
            self._end_dump()
        if first:
            entry.run_dump = self.dump_id
            if entry.info.kind in STORY_KINDS and self.story_chars < weights.STORY_CHARS_MAX:
                text = line[: weights.STORY_TEXT_MAX]
                self.story_texts.append(text)
                self.story_chars += len(text)
        elif entry.info.score > weights.RUN_MIN_SCORE:
            new_run = self._extend_run(entry, line)
        entry.last_seen = self.number
        return anomaly, new_run

    def _keep(
        self,
        line: str,
        entry: Shape,
        kind: Kind,
        fresh: bool,
        first: bool,
        anomaly: bool,
        explained: tuple[str, float] | None,
        section: str | None,
    ) -> None:
        """Make the line a candidate if it is new (or in the note's head), else a filler."""
        max_lines = self.max_lines
        head = self.nonempty <= max_lines
        noise = kind in NOISE_KINDS
        if kind is ERROR and (head or fresh):  # repeats do not restart the search for a frame
            self.story.error_line(self.number)
        if (noise or not first) and len(self.fillers) < max_lines:
            self.fillers.append((self.number, line, entry, kind))
        fresh = fresh and not noise
        if not (head or fresh):
            return
        info = entry.info
        if section or anomaly or explained or kind is not info.kind or not self.seen_statement:
            score, reason = self._in_context(info, kind, section, anomaly, explained)
        else:  # no context step applies (most lines): the line's own score and reason
            score, reason = info.score, info.reason
        candidate = self._candidate(line, score, reason, entry, kind)
        if anomaly:
            candidate.anomaly_dump = self.dump_id
        if kind in MACHINE_KINDS:
            candidate.dump = self.dump_id
        if self.story.output:
            self.story.printed(candidate)
        if kind in LINKED_KINDS:
            self._link(candidate, info, fresh)
        if head:
            self.head.append(candidate)
        if fresh:
            self._add(candidate)

    def _link(self, candidate: Candidate, info: LineInfo, fresh: bool) -> None:
        """Step 4b: tie code to the statement about it, and a stack frame to its error."""
        kind = candidate.kind
        story = self.story
        if kind in weights.STATEMENT_KINDS:
            self.last_statements.append(candidate)
            story.report(candidate)
            story.paragraph_line(candidate)
            if story.recent_code and (info.explains or "`" in candidate.text):
                what = info.explains or "statement"
                story.link_back(candidate.text, what, info.score, candidate.number)
        elif kind is weights.APP_FRAME:
            story.app_frame(candidate)
        elif fresh and kind in weights.EXPLAINED_KINDS:
            story.recent_code.append((candidate, None))

    def _in_context(
        self,
        info: LineInfo,
        kind: Kind,
        section: str | None,
        anomaly: bool,
        explained: tuple[str, float] | None,
    ) -> tuple[float, str]:
        """The line's own score and reason, moved by the context steps 2, 4, 5 and 6."""
        if kind is info.kind:
            score, reason = info.score, info.reason
        elif kind is OUTPUT:
            score, reason = info.score - weights.OUTPUT_PENALTY, f"tool output: {info.reason}"
        elif kind is weights.DIFF_ADD or kind is weights.DIFF_DEL:  # in an edit tool's output
            score, reason = info.score - BASE[info.kind] + BASE[kind], REASON[kind]
        else:
            score, reason = -3.0, kind.value
        if section is not None and kind not in weights.UNSECTIONED_KINDS:
            bonus, prefix = weights.SECTION_BONUS[section]
            score += bonus
            reason = prefix + reason
        if anomaly:
            reason = "unusual line in repeated output"
            if len(self.anomalies) < weights.DUMPS_MAX:
                self.anomalies[self.dump_id] = self.anomalies.get(self.dump_id, 0) + 1
        if explained is not None:
            what, statement_score = explained
            score = max(score + weights.EXPLAINED_BONUS, statement_score - weights.EXPLAINED_GAP)
            reason = f"{what}: code under the statement"
        if kind in weights.OPENING_KINDS and not self.seen_statement:
            score += weights.FIRST_STATEMENT_BONUS
            reason = "problem statement"
            self.seen_statement = True
        return score, reason

    def _add(self, candidate: Candidate) -> None:  # the list stays bounded
        self.candidates.append(candidate)
        if len(self.candidates) > 2 * weights.CANDIDATE_CAP:
            self.candidates = best(self.candidates)[: weights.CANDIDATE_CAP]

    def _end_dump(self) -> None:  # a dump longer than the budget gets a share of it only
        if self.dump_len:
            if self.dump_len > weights.LONG_DUMP and len(self.long_dumps) < weights.DUMPS_MAX:
                self.long_dumps.add(self.dump_id)
            self.dump_id += 1
            self.dump_len = self.dump_repeats = 0

    def _extend_run(self, entry: Shape, line: str) -> bool:
        """Track the last line of a run of similar lines; True if this line starts a new run.

        The first and the last of a run are the ones a reader quotes: where the numbers
        started and where they ended up (the last progress line, the p99 row, the final lag).
        """
        if entry.run_dump == self.dump_id or self.number - entry.last_seen <= weights.RUN_GAP:
            entry.run_last = (self.number, line)
            entry.run_output = self.story.output
            return False
        self._close_run(entry)
        entry.run_dump = self.dump_id
        return True

    def _close_run(self, entry: Shape) -> None:
        if entry.run_last is None:  # the run's last line is its candidate too
            return
        number, line = entry.run_last
        entry.run_last = None
        kind = entry.info.kind
        score = entry.info.score + weights.RUN_LAST_BONUS
        if entry.run_output and kind in STORY_KINDS:
            kind, score = OUTPUT, score - weights.OUTPUT_PENALTY
        candidate = self._candidate(line, score, "last of similar lines", entry, kind, number)
        if kind in MACHINE_KINDS:
            candidate.dump = entry.run_dump
        self._add(candidate)

    def _candidate(
        self,
        line: str,
        score: float,
        reason: str,
        entry: Shape,
        kind: Kind,
        number: int | None = None,
    ) -> Candidate:
        limit = self.settings.max_line_chars
        text = line if len(line) <= limit else line[: limit - 1] + weights.ELLIPSIS
        return Candidate(number or self.number, text, score, reason, entry, kind)

    def result(self) -> Selection:
        """Step 7, the budget: the note's head if it is short, else the best candidates."""
        budget.mark_conclusions(self.last_statements)
        chosen = self.head if self.nonempty <= self.settings.max_lines else self._budget()
        return budget.as_selection(chosen, self.number)

    def _budget(self) -> list[Candidate]:
        """Close the open runs, score what only the whole note shows, keep the best lines."""
        self._end_dump()
        for entry in self.cache.values():
            if entry.run_last is not None:
                self._close_run(entry)
        keys = {c.shape.info.key for c in self.candidates} - {None}
        named = named_keys(self.story_texts, keys)  # type: ignore[arg-type]
        quoted = quoted_names(self.story_texts)
        budget.score_whole_note(self.candidates, self.anomalies, named, quoted)
        calls = budget.calls_of_kept_output(self.candidates)
        self.candidates += [self._candidate(t, s, why, e, TOOL, at) for t, s, why, e, at in calls]
        learned.rescore(
            self.candidates, self.settings, self.number, self.long_dumps, self.story_texts
        )
        return budget.choose(self.candidates, self._fillers, self.settings, self.long_dumps)

    def _fillers(self) -> list[Candidate]:
        """Noise and repeats as candidates, made only when the minimum cannot be met without."""
        return [
            self._candidate(text, entry.info.score, weights.FILLER_REASON[kind], entry, kind, at)
            for at, text, entry, kind in self.fillers
        ]


def run(chunks: Iterable[str], settings: SelectorSettings) -> Selection:
    """Select the lines of a note given as chunks of whole lines."""
    state = _Pass(settings, settings.max_lines)
    for chunk in chunks:
        state.feed(chunk)
    return state.result()

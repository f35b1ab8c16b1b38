"""Kept lines and the budget: which candidates a note's 40–60 lines go to.

The pass in ``rank.py`` turns lines into candidates (scored in context); this module holds
what a candidate is and the last step, the budget: candidates are ranked by score, each text
kept once, the story's parts share the budget so that one long log cannot take it, and the
minimum is topped up from noise and repeats only if it cannot be met otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from publisher.config import SelectorSettings
from publisher.models import Selection
from publisher.selector.kinds import Kind, LineInfo
from publisher.selector.weights import CALL_GAP, CALL_MIN, CONCLUSION_BONUS, DUMP_SHARE

ANOMALY_BONUS = 2.2
ANOMALIES_PER_DUMP = 3
ANOMALIES_PER_NOTE = 20
MENTIONED_KEY_BONUS = 1.2
# A code or changed line that holds a name the text quotes in backticks, wherever it is.
QUOTED_CODE_BONUS = 1.2
QUOTED_KINDS = frozenset({Kind.CODE, Kind.CONFIG, Kind.DIFF_ADD})


@dataclass(slots=True)
class Shape:
    """What the pass knows about one line shape: its classification and its repeats."""

    info: LineInfo
    count: int = 0
    run_dump: int = -1
    last_seen: int = 0
    run_last: tuple[int, str] | None = None
    run_output: bool = False  # the run is printed inside a tool's output


@dataclass(slots=True)
class Candidate:
    """A line that may be kept: where it is, what it says, its score and the reason."""

    number: int
    text: str
    score: float
    reason: str
    shape: Shape
    kind: Kind
    anomaly_dump: int = -1
    dump: int = -1  # the run of machine output it sits in, -1 for the story's own lines
    call: Call | None = None  # the tool call whose output printed it, in a transcript
    echo: int = 0  # rare tokens of it that the prose repeats (``echo.py``), set for the budget


@dataclass(slots=True)
class Call:
    """A tool call line of a transcript (`⏺ Update(billing/celery.py)`): kept if a line of
    its output is, since the file or the command is what the post quotes with it."""

    number: int
    text: str
    shape: Shape
    best: float = -9.0  # the best score among its output's candidates


def repeat_penalty(count: int) -> float:
    """Lines that repeat with only numbers changed say one thing once; the rest is volume."""
    return 0.0 if count <= 1 else min(2.0, 0.25 * math.log2(count))


def best(candidates: list[Candidate]) -> list[Candidate]:
    """Highest score first; among equals, the earlier line (a stable sort by score of the
    lines in note order; ``attrgetter`` keys cost no Python call per candidate)."""
    in_order = sorted(candidates, key=_NUMBER)
    return sorted(in_order, key=_SCORE, reverse=True)


_NUMBER = attrgetter("number")
_SCORE = attrgetter("score")


def score_whole_note(
    candidates: list[Candidate],
    anomalies: dict[int, int],
    named: set[str],
    quoted: tuple[str, ...] = (),
) -> None:
    """Repeats lose, odd lines share their bonus, and keys and code names named in prose gain.

    Two odd lines in a log stand out; two hundred are just variety, whether they sit in
    one dump or in a hundred dumps of a long session.
    """
    anomaly_bonus = ANOMALY_BONUS * min(1.0, ANOMALIES_PER_NOTE / max(1, sum(anomalies.values())))
    for candidate in candidates:
        count = candidate.shape.count
        if count > 1:
            candidate.score -= repeat_penalty(count)
        if candidate.anomaly_dump >= 0:
            seen = anomalies.get(candidate.anomaly_dump, 1)
            candidate.score += anomaly_bonus * min(1.0, ANOMALIES_PER_DUMP / seen)
        key = candidate.shape.info.key
        if key is not None and key in named:
            candidate.score += MENTIONED_KEY_BONUS
            candidate.reason = f"{candidate.reason}, named in text"
        elif quoted and candidate.kind in QUOTED_KINDS and _holds(candidate.text, quoted):
            candidate.score += QUOTED_CODE_BONUS
            candidate.reason = f"{candidate.reason}, named in text"


def _holds(text: str, names: tuple[str, ...]) -> bool:
    """Does the code line hold one of the names (a substring test in C per name)?"""
    return any(map(text.lower().__contains__, names))


def choose(
    candidates: list[Candidate],
    fillers: Callable[[], list[Candidate]],
    settings: SelectorSettings,
    long_dumps: set[int],
) -> list[Candidate]:
    """The best ``max_lines`` distinct candidates, topped up to ``min_lines``, in note order.

    One long run of machine output (a dump longer than the budget) gets at most
    ``DUMP_SHARE`` of the budget, so that a long log or table cannot crowd out the
    problem, the cause, the fix and the result; its further lines are used only if the
    budget cannot be met otherwise.
    """
    share = max(1, int(settings.max_lines * DUMP_SHARE))
    chosen: list[Candidate] = []
    overflow: list[Candidate] = []
    per_dump: dict[int, int] = {}
    seen: set[str] = set()
    for candidate in best(candidates):
        if candidate.text in seen:
            continue
        seen.add(candidate.text)
        dump = candidate.dump
        if dump in long_dumps:
            taken = per_dump.get(dump, 0)
            if taken >= share:
                overflow.append(candidate)
                continue
            per_dump[dump] = taken + 1
        chosen.append(candidate)
        if len(chosen) == settings.max_lines:
            break
    if len(chosen) < settings.min_lines:
        chosen += overflow[: settings.min_lines - len(chosen)]
    if len(chosen) < settings.min_lines:
        chosen += best(fillers())[: settings.min_lines - len(chosen)]
    chosen.sort(key=_NUMBER)
    return chosen


def calls_of_kept_output(candidates: list[Candidate]) -> list[tuple[str, float, str, Shape, int]]:
    """The tool call lines of outputs with a strong line: (text, score, reason, shape, number).

    A post quotes "the fix was in `billing/celery.py`" together with the changed line, so the
    call competes for the budget ``CALL_GAP`` under its output's best line (if that line
    scores ``CALL_MIN`` or more).
    """
    calls: dict[int, Call] = {}
    for candidate in candidates:
        call = candidate.call
        if call is not None and candidate.score > call.best:
            call.best = candidate.score
            calls[call.number] = call
    reason = "tool call of a kept output"
    return [
        (call.text, call.best - CALL_GAP, reason, call.shape, call.number)
        for call in calls.values()
        if call.best >= CALL_MIN
    ]


def mark_conclusions(statements: Iterable[Candidate]) -> None:
    """The last statements of a note are its conclusion, late in a session as in a write-up."""
    for candidate in statements:
        candidate.score += CONCLUSION_BONUS
        if candidate.reason in ("statement", "list item"):
            candidate.reason = "conclusion"


def as_selection(chosen: list[Candidate], total_lines: int) -> Selection:
    """The kept lines as the pipeline's ``Selection`` model."""
    lines = [
        {"number": c.number, "text": c.text, "score": hundredths(c.score), "reason": c.reason}
        for c in chosen
    ]
    return Selection.model_validate({"total_lines": total_lines, "lines": lines})


def hundredths(score: float) -> float:
    """``round(score, 2)``, the very same float, mostly without its decimal conversion.

    ``round`` with digits writes the float out as a decimal string and parses it back
    (about 3,000 instructions). Scaled by 100, a score more than 0.0001 away from a half
    rounds to the nearest whole number whatever the product's rounding error (under 1e-7
    below 1e9), and that number divided by 100 is the float nearest to the decimal, as
    ``round`` returns. Near a half, at zero (``-0.0`` keeps its sign) and for huge or
    non-finite scores, ``round`` itself decides.
    """
    scaled = score * 100.0
    if -1e9 < scaled < 1e9:
        whole = round(scaled)
        if whole and abs(scaled - whole) < 0.4999:
            return whole / 100
    return round(score, 2)

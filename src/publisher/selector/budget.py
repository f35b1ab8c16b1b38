"""Kept lines and the budget: which candidates a note's 40–60 lines go to.

The pass in ``rank.py`` turns lines into candidates (scored in context); this module holds
what a candidate is and the last step, the budget: candidates are ranked by score, each text
kept once, the story's parts share the budget so that one long log cannot take it, and the
minimum is topped up from noise and repeats only if it cannot be met otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from publisher.config import SelectorSettings
from publisher.selector.kinds import Kind, LineInfo
from publisher.selector.weights import DUMP_SHARE

ANOMALY_BONUS = 2.2
ANOMALIES_PER_DUMP = 3
ANOMALIES_PER_NOTE = 20
MENTIONED_KEY_BONUS = 1.2


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
    candidates: list[Candidate], anomalies: dict[int, int], named: set[str]
) -> None:
    """Repeats lose, odd lines share their bonus, and keys named in prose gain.

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

"""A learned order for the budget: a logistic regression over what the rules already know.

The hand weights score ~1.0 on the notes they were tuned on and far less on notes they had
not seen (docs/selector.md, "Folds"). This module re-weighs the same evidence with weights
fitted on every labelled tuning note (``benchmarks/train_selector.py``): each candidate's
rule score, where it sits in the rules' ranking, its kind, the words of its reason, how
often its shape repeats, where it stands in the note and who printed it. The rules still
decide what a line is and why it is kept (``--explain`` prints their reasons); the weights
only decide the order in which the budget takes candidates.

Inference must cost next to nothing (5 ms per 1,000 lines for the whole selector): the
categorical part of a candidate is one dictionary lookup, cached per distinct combination,
and the numeric part is a handful of multiplications.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter, mul
from pathlib import Path

from publisher.config import SelectorSettings
from publisher.selector import echo
from publisher.selector.budget import Candidate

WEIGHTS_FILE = Path(__file__).with_name("learned_weights.json")
# Numeric features, in the order ``numbers`` returns them.
NUMERIC = (
    "rule score",
    "rule rank in budget",  # 1.0 for the best candidate, 0 at twice the budget and beyond
    "in rule budget",  # the rules alone would keep it
    "repeats (log2)",
    "position",  # 0 at the note's first line, 1 at its last
    "in first tenth",
    "in last tenth",
    "words (capped)",
    "length (capped)",
    "best neighbour score",  # the better rule score of the candidates on the lines around it
    "echoed tokens",  # rare tokens of the line that the prose repeats (echo.py), 0 to 3
)
LONG_NOTE = 500  # lines: long sessions and logs, where the rules fare worst
RANK_SPAN = 2.0  # ranks are counted over twice the budget
WORDS_CAP = 30
LENGTH_CAP = 200
_SCORE = attrgetter("score")
_NUMBER = attrgetter("number")


Key = tuple[str, str, str, bool, bool, bool, bool, str, bool]


def categories(of: Key) -> tuple[str, ...]:
    """The one-hot features: the candidate's kind (and what its shape alone was), each part
    of its reason, its place in a dump, and who printed it in a transcript.

    Reasons are built by the steps as ``"fix: tool output: statement, named in text"``: each
    part is a feature of its own, so that a reason seen once still shares its parts' weights.
    """
    kind, own, reason, dump, anomaly, call, compared, who, long = of
    parts = [f"kind={kind}", f"speaker={who}", f"kind={kind} speaker={who}"]
    if own != kind:
        parts.append(f"was={own}")
    for clause in reason.split(", "):
        parts += (f"reason={part}" for part in clause.split(": "))
    if dump:
        parts.append("in dump")
    if anomaly:
        parts.append("unusual in dump")
    if call:
        parts.append("printed by a tool call")
    if compared:
        parts.append("row of figures in a written table")
    if long:
        parts += [f"long note {part}" for part in parts]
    return tuple(parts)


# Who wrote a line in a transcript's shape, by its first two characters: the user, the
# assistant, a tool (its output is indented), or nobody in particular.
SPEAKERS = {"> ": "user", "⏺ ": "assistant", "  ": "indented"}


def features(
    candidates: list[Candidate], budget: int, total: int
) -> Iterator[tuple[Candidate, Key, tuple[float, ...]]]:
    """Each candidate, best rule score first, with what its one-hot features depend on
    (``categories`` names them) and its numeric features in ``NUMERIC`` order.

    One loop for training and inference alike, with no call per candidate: the selector's
    whole budget is 5 ms per 1,000 lines.
    """
    by_number = sorted(candidates, key=_NUMBER)
    near = neighbours(by_number)
    span = RANK_SPAN * budget
    scale = 1.0 / max(1, total)
    long = total > LONG_NOTE
    # By rule score, best first; among equals the earlier line, as ``budget.best`` orders.
    for rank, candidate in enumerate(sorted(by_number, key=_SCORE, reverse=True)):
        shape, text = candidate.shape, candidate.text
        info = shape.info
        position = candidate.number * scale
        of = (
            candidate.kind._value_,  # a plain str: an Enum member hashes in Python, slowly
            info.kind._value_,
            candidate.reason,
            candidate.dump >= 0,
            candidate.anomaly_dump >= 0,
            candidate.call is not None,
            text.lstrip()[:1] == "|" and compares(text),
            SPEAKERS.get(text[:2], "plain"),
            long,
        )
        values = (
            candidate.score,
            1.0 - rank / span if rank < span else 0.0,
            1.0 if rank < budget else 0.0,
            math.log2(shape.count) if shape.count > 1 else 0.0,
            position,
            1.0 if position <= 0.1 else 0.0,
            1.0 if position >= 0.9 else 0.0,
            (info.words if info.words < WORDS_CAP else WORDS_CAP) / 10,
            (len(text) if len(text) < LENGTH_CAP else LENGTH_CAP) / 100,
            near[candidate.number],
            candidate.echo,
        )
        yield candidate, of, values


def compares(row: str) -> bool:
    """A Markdown table row with figures in two cells or more past its first (``| p95, ms |
    838 | 97 |``): the author's own before/after or option-by-option comparison. A table
    the author typed holds the results; a table a tool printed is read as its output."""
    cells = row.strip().strip("|").split("|")[1:]
    return sum(1 for cell in cells if DIGIT_RE.search(cell)) >= 2


DIGIT_RE = re.compile(r"\d")


def neighbours(by_number: list[Candidate]) -> dict[int, float]:
    """For each line number, the best rule score of the candidates on the lines next to it
    (a line inside a strong paragraph or under a strong statement reads with it);
    ``by_number`` is in note order."""
    near = dict.fromkeys([c.number for c in by_number], NO_NEIGHBOUR)
    for before, after in pairwise(by_number):  # adjacent candidates, in one pass
        if after.number - before.number == 1:
            near[before.number] = max(near[before.number], after.score)
            near[after.number] = before.score
    return near


NO_NEIGHBOUR = -4.0


@dataclass(slots=True)
class Scorer:
    """Weights of a logistic regression; ``score`` is its log-odds that a line is a key line."""

    bias: float
    numeric: tuple[float, ...]
    categorical: dict[str, float]
    cache: dict[Key, float] = field(compare=False)  # one-hot parts already summed

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Scorer:
        """Weights as ``benchmarks/train_selector.py`` writes them (names with each weight,
        so a file trained on other features fails here rather than scoring wrongly)."""
        numeric = data["numeric"]
        if not isinstance(numeric, dict) or set(numeric) != set(NUMERIC):
            raise ValueError(f"learned weights: numeric features differ from {NUMERIC}")
        categorical = data["categorical"]
        if not isinstance(categorical, dict):
            raise ValueError("learned weights: no categorical weights")
        bias = data["bias"]
        if not isinstance(bias, (int, float)):
            raise ValueError("learned weights: no bias")
        weights = tuple(float(numeric[name]) for name in NUMERIC)
        return cls(float(bias), weights, {str(k): float(v) for k, v in categorical.items()}, {})

    def part(self, of: Key) -> float:
        """The one-hot part of the log-odds, remembered per distinct combination."""
        part = self.cache.get(of)
        if part is None:
            weights = self.categorical
            part = self.cache[of] = sum(weights.get(name, 0.0) for name in categories(of))
        return part

    def rescore(self, candidates: list[Candidate], budget: int, total: int) -> None:
        """Put the learned log-odds in place of each candidate's score, for the budget."""
        bias, weights, cache = self.bias, self.numeric, self.cache
        for candidate, of, values in features(candidates, budget, total):
            part = cache.get(of)
            if part is None:
                part = self.part(of)
            candidate.score = bias + part + sum(map(mul, weights, values))


def load(path: Path = WEIGHTS_FILE) -> Scorer:
    """Weights from a file written by ``benchmarks/train_selector.py``."""
    return Scorer.from_json(json.loads(path.read_text(encoding="utf-8")))


# The scorer the budget uses, loaded once; None leaves the rules' own scores in place (the
# hand ranking, which ``benchmarks/train_selector.py`` compares against).
ACTIVE: Scorer | None = load() if WEIGHTS_FILE.is_file() else None


def rescore(
    candidates: list[Candidate],
    settings: SelectorSettings,
    total: int,
    long_dumps: set[int],
    story_texts: Sequence[str] = (),
) -> None:
    """The seam the budget calls: learned scores in place of the rules', if weights are set.

    Order only matters when the budget must leave candidates out: with no more than
    ``max_lines`` of them and no long dump to share out, every distinct text is kept
    whatever the order, so nothing is scored (half the dev notes' candidates).
    """
    if ACTIVE is not None and (len(candidates) > settings.max_lines or long_dumps):
        echo.mark(candidates, story_texts)
        ACTIVE.rescore(candidates, settings.max_lines, total)

"""Train the selector's learned order, and judge it leave-one-fold-out against the hand rules.

usage: python benchmarks/train_selector.py [--lofo] [--write] [--l2 X]

Every tuning fold of ``tests/selector_folds.py`` (never the blind ``HELD_OUT`` fold: the fold list
is ``TUNED``, which leaves it out, and a path under it stops the script) is run through the
selector with a recorder in place of the budget's seam (``learned.rescore``): each candidate's
features (``publisher.selector.learned``) and whether its line is labelled key or must.

``--lofo`` trains on all folds but one and scores the one left out, with the hand rules and
with the learned order in the budget, and prints must / key / key-over-500 recall per fold,
the must lines each order found, and the pre-stated decision rule (docs/selector.md,
"A learned order"). ``--write`` trains on every tuning fold and writes
``src/publisher/selector/learned_weights.json``. After a change to the features, delete that
file first: the selector refuses weights trained on other features.

The model is a logistic regression with an L2 penalty, fitted by Newton's method (IRLS) in
pure Python: about a hundred features and tens of thousands of candidates, so a few exact
Newton steps cost seconds, and no numeric library joins the project for it. Each note
weighs the same: its key lines share a weight of 1 (a must line counts twice), its other
candidates share another 1, so that a 2,000-line session does not outvote ten short notes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from publisher.config import SelectorSettings
from publisher.selector import echo, learned, select_lines
from publisher.selector.budget import Candidate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from selector_folds import FOLDS, HELD_OUT, TUNED, note_body, score_fold, summary

SHORTLIST = 300  # candidates per note past the rules' top ones add nothing to learn from
MUST_WEIGHT = 2.0
NEWTON_STEPS = 12
# Written last (blind tune5 and tune6 joined when they landed): the best picture of unseen notes.
RECENT = (
    *("tune3", "tune4", "tune5", "tune6", "holdout", "holdout2"),
    *("tune7", "tune8", "tune9", "tune10", "holdout3"),
    *("tune11", "tune12", "tune13", "tune14", "holdout4"),
    *("tune15", "tune16", "tune17", "tune18"),
    *("tune19", "tune20", "tune21", "tune22", "holdout5"),
)
RECENT_WEIGHT = 2.0


@dataclass
class Sample:
    """One candidate line: its features and its label, and the weight its note gives it."""

    categorical: tuple[str, ...]
    numeric: tuple[float, ...]
    label: float
    weight: float = 1.0


Seen = list[tuple[int, tuple[str, ...], tuple[float, ...]]]


@contextmanager
def recording() -> Iterator[Seen]:
    """Replace the budget's seam (``learned.rescore``) with a recorder of every candidate's
    features, scores left as the rules made them. Every note that reaches the budget is
    recorded, also those whose order the seam would not need: they still show what key
    lines look like."""
    seen: Seen = []

    def record(
        candidates: list[Candidate],
        settings: SelectorSettings,
        total: int,
        long_dumps: set[int],
        story_texts: Sequence[str] = (),
    ) -> None:
        echo.mark(candidates, story_texts)
        rows = islice(learned.features(candidates, settings.max_lines, total), SHORTLIST)
        seen.extend((c.number, learned.categories(of), values) for c, of, values in rows)

    original = learned.rescore
    learned.rescore = record
    try:
        yield seen
    finally:
        learned.rescore = original


def notes(fold: str) -> list[Path]:
    """The labelled notes of a tuning fold; the blind fold is refused, whatever asks for it."""
    folder = FOLDS[fold]
    if fold == HELD_OUT or fold not in TUNED or HELD_OUT in folder.parts:
        raise SystemExit(f"refused: {fold} is the blind held-out fold")
    return [
        path
        for path in sorted(folder.glob("*.md"))
        if path.with_suffix("").with_suffix(".labels.json").is_file()
    ]


def note_samples(path: Path) -> list[Sample]:
    """The candidates of one note, labelled, weighted so the note counts once."""
    labels = json.loads(path.with_suffix("").with_suffix(".labels.json").read_text())
    key, must = set(labels["key"]), set(labels["must"])
    with recording() as seen:
        select_lines("\n".join(note_body(path)))
    samples = [Sample(c, x, 1.0 if n in key else 0.0) for n, c, x in seen]
    positive = sum(MUST_WEIGHT if n in must else 1.0 for n, _, _ in seen if n in key)
    negative = sum(1 for s in samples if not s.label)
    for sample, (number, _, _) in zip(samples, seen, strict=True):
        if sample.label:
            sample.weight = (MUST_WEIGHT if number in must else 1.0) / positive
        else:
            sample.weight = 1.0 / max(1, negative)
    return samples


def fold_samples(folds: list[str]) -> dict[str, list[Sample]]:
    """Samples of each fold, collected once (the rules do not change between fits)."""
    return {fold: [s for path in notes(fold) for s in note_samples(path)] for fold in folds}


def solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the Hessian is small and well posed)."""
    size = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col]
        for r in range(col + 1, size):
            factor = rows[r][col] / head[col]
            if factor:
                row = rows[r]
                for c in range(col, size + 1):
                    row[c] -= factor * head[c]
    out = [0.0] * size
    for r in range(size - 1, -1, -1):
        tail = sum(rows[r][c] * out[c] for c in range(r + 1, size))
        out[r] = (rows[r][size] - tail) / rows[r][r]
    return out


def fit(samples: list[Sample], l2: float) -> dict[str, object]:
    """Logistic regression weights by Newton's method; returns them as the scorer reads them."""
    names = sorted({name for s in samples for name in s.categorical})
    width = len(learned.NUMERIC)
    index = {name: width + 1 + i for i, name in enumerate(names)}
    size = width + 1 + len(names)  # numeric, bias, categorical
    rows = [
        ([(i, x) for i, x in enumerate(s.numeric)] + [(width, 1.0)])
        + [(index[name], 1.0) for name in s.categorical]
        for s in samples
    ]
    beta = [0.0] * size
    for _ in range(NEWTON_STEPS):
        grad = [l2 * b for b in beta]
        grad[width] = 0.0  # the bias is not penalised
        hess = [[0.0] * size for _ in range(size)]
        for i in range(size):
            hess[i][i] = l2 if i != width else 1e-9
        for sample, row in zip(samples, rows, strict=True):
            z = sum(beta[i] * x for i, x in row)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g, h = sample.weight * (p - sample.label), sample.weight * p * (1.0 - p)
            for i, x in row:
                grad[i] += g * x
                line = hess[i]
                for j, y in row:
                    line[j] += h * x * y
        step = solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(map(abs, step)) < 1e-6:
            break
    return {
        "bias": beta[width],
        "numeric": dict(zip(learned.NUMERIC, beta[:width], strict=True)),
        "categorical": {name: round(beta[index[name]], 6) for name in names},
    }


@dataclass
class FoldResult:
    """One fold's figures under one order: recall summary and must lines found."""

    must: float
    key: float
    long: float
    must_found: int
    must_total: int


def evaluate(fold: str, scorer: learned.Scorer | None) -> FoldResult:
    """Score a fold with the given order at the budget's seam (None: the hand rules)."""
    learned.ACTIVE = scorer
    try:
        scores = score_fold(FOLDS[fold])
    finally:
        learned.ACTIVE = None
    figures = summary(scores)
    found = total = 0
    for path, score in zip(notes(fold), scores, strict=True):
        must = json.loads(path.with_suffix("").with_suffix(".labels.json").read_text())["must"]
        total += len(must)
        found += round(score.must * len(must))
    return FoldResult(figures["must"], figures["key"], figures["key_over_500"], found, total)


def _cell(r: FoldResult) -> str:
    long = "–" if math.isnan(r.long) else f"{r.long:.4f}"
    return f"{r.must:.4f} / {r.key:.4f} / {long}"


def lofo(data: dict[str, list[Sample]], l2: float) -> bool:
    """Print the leave-one-fold-out table and return the decision (True: adopt)."""
    print("| fold | hand must / key / key>500 | learned must / key / key>500 | must lines |")
    print("| --- | --- | --- | --- |")
    rows: list[tuple[str, FoldResult, FoldResult]] = []
    for fold in data:
        train = [s for other, samples in data.items() if other != fold for s in samples]
        scorer = learned.Scorer.from_json(fit(train, l2))
        hand, ours = evaluate(fold, None), evaluate(fold, scorer)
        rows.append((fold, hand, ours))
        lines = f"{hand.must_found} → {ours.must_found} of {hand.must_total}"
        print(f"| {fold} | {_cell(hand)} | {_cell(ours)} | {lines} |", flush=True)
    return decide(rows)


def decide(rows: list[tuple[str, FoldResult, FoldResult]]) -> bool:
    """The rule stated before the table was run: adopt only if the weighted mean over folds
    of must AND of key recall is higher with the learned order, and no fold loses more than
    one must line. The recent folds (``RECENT``) weigh ``RECENT_WEIGHT`` times the others."""
    weights = [RECENT_WEIGHT if fold in RECENT else 1.0 for fold, _, _ in rows]
    total = sum(weights)

    def mean(order: int, measure: str) -> float:
        return (
            sum(w * getattr(r[order], measure) for w, r in zip(weights, rows, strict=True)) / total
        )

    figures = {m: (mean(1, m), mean(2, m)) for m in ("must", "key")}
    worst = max(hand.must_found - ours.must_found for _, hand, ours in rows)
    adopt = all(ours > hand for hand, ours in figures.values()) and worst <= 1
    for measure, (hand, ours) in figures.items():
        print(f"weighted mean {measure}: hand {hand:.4f}, learned {ours:.4f}")
    print(f"most must lines lost on a fold: {worst}; decision: {'adopt' if adopt else 'keep hand'}")
    return adopt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lofo", action="store_true", help="leave-one-fold-out table")
    parser.add_argument("--write", action="store_true", help="train on all, write the weights")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    args = parser.parse_args()
    data = fold_samples([fold for fold in TUNED if FOLDS[fold].is_dir()])
    print(f"{sum(map(len, data.values()))} candidates from {len(data)} folds", flush=True)
    if args.lofo:
        lofo(data, args.l2)
    if args.write:
        weights = fit([s for samples in data.values() for s in samples], args.l2)
        learned.WEIGHTS_FILE.write_text(json.dumps(weights, indent=1, sort_keys=True) + "\n")
        print(f"wrote {learned.WEIGHTS_FILE}")


if __name__ == "__main__":
    main()

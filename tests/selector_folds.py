"""The selector's labelled notes, split into folds, scored in-process like score_selector.py.

usage: python tests/selector_folds.py [--fold NAME ...] [--verbose] [--final]

Folds (see docs/selector.md, "Folds"):

* ``dev`` — the 12 shared notes (``../shared/data/notes``), tuned on;
* ``extra`` — 13 notes written for the previous round (``tests/data/notes_extra``), tuned on;
* ``new-tune`` — 5 of the notes written for issue 15, tuned on;
* ``new-report``, ``new-report2`` — 5 and 6 more, first read as aggregates only, tuned on since;
* ``holdout`` — 10 more, spent: scored once on 2026-12-07 at must/key/key>500 =
  0.9388/0.9086/0.8471, tuned on since;
* ``tune3`` — 12 notes written in the second session of 2026-12-07, tuned on;
* ``tune4``, ``tune5``, ``tune6`` — 12 notes each, written blind, each scored once unseen, tuned on
  since;
* ``holdout2`` — 30 notes written blind by other hands: untouched until the end of the second
  session of 2026-12-07, then scored once with ``--final`` (0.8877/0.8535/0.7745); spent,
  tunable since;
* ``tune7`` — 12 notes written blind in the first session of 2026-12-08 (started 22:46 UTC on
  12-07), scored once unseen (main 613f4a4: 0.9250/0.8993/0.8344; with the echo, column, gh
  prefix and table-row steps, before tuning on it: 0.9528/0.9114/0.8705), tuned on since;
* ``tune8`` — 12 more written blind in that session, scored once unseen (613f4a4:
  0.8955/0.8303/0.7061; ca6df75, with tune7 in the weights: 0.9027/0.8315/0.7444), tuned on
  since;
* ``tune9`` — 12 more, scored once unseen (613f4a4: 0.8678/0.8533/0.7928; main at d0b5440,
  weights with tune7 and tune8: 0.8908/0.8591/0.8071), tuned on since;
* ``tune10`` — 12 more, scored once unseen (613f4a4: 0.9246/0.8840/0.6854; main at 92693a5,
  same weights: 0.9504/0.9115/0.7720), tuned on since;
* ``holdout3`` — 20 notes written blind at the end of the second session of 2026-12-07: untouched
  until the rules and weights of the session after were frozen (main at 4d5941b), then scored
  once with ``--final`` (0.8614/0.8784/0.7095 by ``score_selector.py``); spent, tunable since;
* ``holdout4`` — 20 notes written blind in that session for the next round: untouched until
  the rules and weights of the second session of 2026-12-08 were frozen (main at f28ffd4),
  then scored once with ``--final`` (0.9258/0.9295/0.8840, the same as the session's starting
  code 6c0f418 gave); spent, tunable since;
* ``tune11`` … ``tune22`` — 12 notes each, written blind in the second session of 2026-12-08,
  each scored once unseen as it landed (figures in docs/selector.md), tuned on since;
* ``holdout5`` — 20 notes written blind in that session: untouched until its rules and
  weights were frozen (main at 8836eee), then scored once with ``--final``
  (0.9221/0.8979/0.8597; the session's starting code 6c0f418 gave 0.9221/0.9014/0.8676);
  spent, tunable since;
* ``holdout6`` — 20 notes written blind in that session for the next round: untouched, the
  ``HELD_OUT`` fold, scored once at that round's end with ``--final``, as aggregates only.

Prints per fold: must recall, key recall, key recall on notes over 500 lines, the share of
outputs within the 40–60 budget, and the share of outputs in note order. ``--verbose`` lists
the missed labelled lines per note of the tuned folds (never of the held-out fold: reading
its misses would turn it into tuning data).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from publisher.selector import select_lines

TESTS = Path(__file__).resolve().parent


def shared_notes() -> Path:
    """The 12 shared labelled notes: ``../shared/data/notes`` beside the checkout.

    Looked for in every folder above the repository, so a git worktree a level or two deeper
    than the main checkout finds the same notes; where none exists the plain ``../shared``
    path is returned (and the fold is empty).
    """
    for parent in TESTS.parents[1:]:
        notes = parent / "shared" / "data" / "notes"
        if notes.is_dir():
            return notes
    return TESTS.parents[1] / "shared" / "data" / "notes"


FOLDS: dict[str, Path] = {
    "dev": shared_notes(),
    "extra": TESTS / "data" / "notes_extra",
    "new-tune": TESTS / "data" / "notes_new" / "tune",
    "new-report": TESTS / "data" / "notes_new" / "report",
    "new-report2": TESTS / "data" / "notes_new" / "report2",
    "holdout": TESTS / "data" / "notes_new" / "holdout",
    "tune3": TESTS / "data" / "notes_new" / "tune3",
    "tune4": TESTS / "data" / "notes_new" / "tune4",
    "tune5": TESTS / "data" / "notes_new" / "tune5",
    "tune6": TESTS / "data" / "notes_new" / "tune6",
    "holdout2": TESTS / "data" / "notes_new" / "holdout2",
    "tune7": TESTS / "data" / "notes_new" / "tune7",
    "tune8": TESTS / "data" / "notes_new" / "tune8",
    "tune9": TESTS / "data" / "notes_new" / "tune9",
    "tune10": TESTS / "data" / "notes_new" / "tune10",
    "holdout3": TESTS / "data" / "notes_new" / "holdout3",
    "tune11": TESTS / "data" / "notes_new" / "tune11",
    "tune12": TESTS / "data" / "notes_new" / "tune12",
    "tune13": TESTS / "data" / "notes_new" / "tune13",
    "tune14": TESTS / "data" / "notes_new" / "tune14",
    "holdout4": TESTS / "data" / "notes_new" / "holdout4",
    "tune15": TESTS / "data" / "notes_new" / "tune15",
    "tune16": TESTS / "data" / "notes_new" / "tune16",
    "tune17": TESTS / "data" / "notes_new" / "tune17",
    "tune18": TESTS / "data" / "notes_new" / "tune18",
    "tune19": TESTS / "data" / "notes_new" / "tune19",
    "tune20": TESTS / "data" / "notes_new" / "tune20",
    "tune21": TESTS / "data" / "notes_new" / "tune21",
    "tune22": TESTS / "data" / "notes_new" / "tune22",
    "holdout5": TESTS / "data" / "notes_new" / "holdout5",
    "holdout6": TESTS / "data" / "notes_new" / "holdout6",
}
HELD_OUT = "holdout6"
TUNED = tuple(name for name in FOLDS if name != HELD_OUT)
LONG_NOTE = 500
TRUNC_MIN = 300


@dataclass(frozen=True)
class NoteScore:
    """One note's figures, counted the way ``score_selector.py`` counts them."""

    name: str
    lines: int
    key: float
    must: float
    in_budget: bool
    in_order: bool
    missed: tuple[int, ...]


def note_body(path: Path) -> list[str]:
    """Body lines as the scorer reads them: front matter dropped, trailing ``\\r`` cut."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.removesuffix("\r") for line in lines]
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return lines[index + 1 :]
    return lines


def score_note(path: Path) -> NoteScore:
    """Select lines from one labelled note and compare them with its labels.

    A labelled line counts as found when its text (trailing spaces stripped) was printed, or
    a printed prefix of 20+ characters ending in "…" starts it (for lines over 300).
    """
    body = note_body(path)
    labels = json.loads(path.with_suffix("").with_suffix(".labels.json").read_text())
    selection = select_lines("\n".join(body))
    kept = [line.text for line in selection.lines]
    printed = {line.rstrip() for line in kept}
    prefixes = [line[:-1].rstrip() for line in kept if line.endswith("…")]

    def found(number: int) -> bool:
        text = body[number - 1].rstrip()
        return text in printed or any(
            len(text) > TRUNC_MIN and len(p) >= 20 and text.startswith(p) for p in prefixes
        )

    def recall(numbers: list[int]) -> float:
        return sum(map(found, numbers)) / len(numbers) if numbers else 1.0

    nonempty = sum(1 for line in body if line.strip())
    budget = len(kept) == nonempty if nonempty < 40 else 40 <= len(kept) <= 60
    numbers = [line.number for line in selection.lines]
    return NoteScore(
        path.stem,
        len(body),
        recall(labels["key"]),
        recall(labels["must"]),
        budget,
        numbers == sorted(numbers),
        tuple(n for n in labels["key"] if not found(n)),
    )


def score_fold(folder: Path) -> list[NoteScore]:
    """Every labelled note of one fold, in name order (a README beside them is not a note)."""
    return [
        score_note(path)
        for path in sorted(folder.glob("*.md"))
        if path.with_suffix("").with_suffix(".labels.json").is_file()
    ]


def summary(scores: list[NoteScore]) -> dict[str, float]:
    """Macro averages, as the acceptance targets state them."""
    long = [s.key for s in scores if s.lines > LONG_NOTE]
    count = max(1, len(scores))
    return {
        "notes": len(scores),
        "must": sum(s.must for s in scores) / count,
        "key": sum(s.key for s in scores) / count,
        "key_over_500": sum(long) / len(long) if long else float("nan"),
        "in_budget": sum(s.in_budget for s in scores) / count,
        "in_order": sum(s.in_order for s in scores) / count,
    }


def _print_misses(folder: Path, scores: list[NoteScore]) -> None:
    for score in scores:
        if not score.missed:
            continue
        body = note_body(folder / f"{score.name}.md")
        print(f"  {score.name}: key {score.key:.2f} must {score.must:.2f}")
        for number in score.missed:
            print(f"    {number:5d} {body[number - 1][:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fold", action="append", choices=sorted(FOLDS))
    parser.add_argument("--verbose", action="store_true", help="list misses (tuned folds only)")
    parser.add_argument("--final", action="store_true", help=f"also score the {HELD_OUT} fold")
    args = parser.parse_args()
    names = args.fold or [*TUNED, *([HELD_OUT] if args.final else [])]
    if HELD_OUT in names and not args.final:
        parser.error(f"the {HELD_OUT} fold is scored once, at the end: pass --final")
    if HELD_OUT in names and args.verbose:
        parser.error(f"the {HELD_OUT} fold is scored as aggregates only: drop --verbose")
    for name in names:
        if not FOLDS[name].is_dir():
            print(f"{name:10s} (no notes yet: {FOLDS[name]})")
            continue
        scores = score_fold(FOLDS[name])
        figures = " ".join(
            f"{key}={value:.4f}" if isinstance(value, float) else f"{key}={value}"
            for key, value in summary(scores).items()
        )
        print(f"{name:10s} {figures}")
        if args.verbose and name in TUNED:
            _print_misses(FOLDS[name], scores)


if __name__ == "__main__":
    main()

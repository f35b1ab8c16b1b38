"""The learned order of the budget: its features, its inference, the shipped weights, and the
training script's refusal to touch the blind fold.

Candidates are built by hand, so each test pins one property of ``publisher.selector.learned``
that the leave-one-fold-out figures in docs/selector.md rely on.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from publisher.config import SelectorSettings
from publisher.selector import learned, select_lines
from publisher.selector.budget import Candidate, Shape
from publisher.selector.kinds import Kind, LineInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import train_selector


def candidate(number: int, score: float, text: str = "a plain line", **extra: object) -> Candidate:
    kind = extra.pop("kind", Kind.PROSE)
    assert isinstance(kind, Kind)
    shape = Shape(LineInfo(Kind.PROSE, 1.0, "statement", words=len(text.split())), count=1)
    made = Candidate(number, text, score, str(extra.pop("reason", "statement")), shape, kind)
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def scorer(numeric: dict[str, float], categorical: dict[str, float]) -> learned.Scorer:
    weights = dict.fromkeys(learned.NUMERIC, 0.0) | numeric
    return learned.Scorer.from_json({"bias": 0.0, "numeric": weights, "categorical": categorical})


def test_a_reason_becomes_one_feature_per_part_with_kind_place_and_speaker() -> None:
    line = candidate(
        7, 2.0, "  ⎿  it printed this", reason="fix: tool output: statement, named in text"
    )
    line.kind, line.dump, line.anomaly_dump = Kind.OUTPUT, 3, 3
    [(_, of, _)] = learned.features([line], 60, 100)
    names = set(learned.categories(of))
    assert names == {
        "kind=tool output",
        "was=prose",
        "speaker=indented",
        "kind=tool output speaker=indented",
        "reason=fix",
        "reason=tool output",
        "reason=statement",
        "reason=named in text",
        "in dump",
        "unusual in dump",
    }


def test_features_come_best_rule_score_first_with_rank_position_and_neighbours() -> None:
    lines = [candidate(10, 1.0), candidate(11, 5.0, "> why does it hang"), candidate(90, 2.0)]
    rows = list(learned.features(lines, 2, 100))
    assert [c.number for c, _, _ in rows] == [11, 90, 10]
    values = {c.number: dict(zip(learned.NUMERIC, x, strict=True)) for c, _, x in rows}
    assert values[11]["rule rank in budget"] == 1.0
    assert values[10]["in rule budget"] == 0.0 and values[90]["in rule budget"] == 1.0
    assert values[11]["best neighbour score"] == 1.0  # line 10 sits next to it
    assert values[10]["best neighbour score"] == 5.0
    assert values[90]["best neighbour score"] == learned.NO_NEIGHBOUR
    assert values[90]["in last tenth"] == 1.0 and values[10]["in first tenth"] == 1.0
    assert rows[0][1][-2] == "user"


def test_a_long_note_doubles_each_one_hot_feature_with_its_own_weight() -> None:
    [(_, short, _)] = learned.features([candidate(7, 2.0)], 60, 500)
    [(_, long, _)] = learned.features([candidate(7, 2.0)], 60, 501)
    assert set(learned.categories(long)) == set(learned.categories(short)) | {
        f"long note {name}" for name in learned.categories(short)
    }


def test_rescore_puts_the_log_odds_in_place_and_so_reorders_the_budget() -> None:
    short = candidate(1, 3.0, "ok")
    long = candidate(2, 2.0, "the pool ran out because every worker held two connections")
    scorer({"length (capped)": 2.0}, {"kind=prose": 0.5}).rescore([short, long], 60, 10)
    assert long.score > short.score
    assert math.isclose(short.score, 0.5 + 2.0 * 2 / 100)


def test_weights_for_other_features_are_refused() -> None:
    with pytest.raises(ValueError, match="numeric features"):
        learned.Scorer.from_json({"bias": 0.0, "numeric": {"rule score": 1.0}, "categorical": {}})


def test_few_candidates_are_left_as_the_rules_scored_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learned, "ACTIVE", scorer({"rule score": -1.0}, {}))
    lines = [candidate(n, float(n)) for n in range(1, 6)]
    learned.rescore(lines, SelectorSettings(min_lines=5, max_lines=5), 10, set())
    assert [c.score for c in lines] == [1.0, 2.0, 3.0, 4.0, 5.0]
    learned.rescore(lines, SelectorSettings(min_lines=4, max_lines=5), 10, {0})  # a long dump
    assert [c.score for c in lines] == [-1.0, -2.0, -3.0, -4.0, -5.0]
    learned.rescore(lines, SelectorSettings(min_lines=4, max_lines=4), 10, set())
    assert [c.score for c in lines] == [1.0, 2.0, 3.0, 4.0, 5.0]  # rescored from the last


def test_the_shipped_weights_are_the_budgets_order() -> None:
    shipped = learned.load()
    assert shipped == learned.ACTIVE
    assert len(shipped.numeric) == len(learned.NUMERIC) and shipped.categorical


def test_the_budget_takes_the_learned_order(monkeypatch: pytest.MonkeyPatch) -> None:
    words = [chr(97 + n // 26) + chr(97 + n % 26) for n in range(80)]
    body = "\n".join(f"The {w}ler service said {w}ing was slow again." for w in words)
    monkeypatch.setattr(learned, "ACTIVE", scorer({"position": 10.0}, {}))
    late = [line.number for line in select_lines(body).lines]
    monkeypatch.setattr(learned, "ACTIVE", scorer({"position": -10.0}, {}))
    early = [line.number for line in select_lines(body).lines]
    assert late == list(range(21, 81)) and early == list(range(1, 61))


def test_training_refuses_the_blind_fold() -> None:
    with pytest.raises(SystemExit, match="blind"):
        train_selector.notes(train_selector.HELD_OUT)
    assert train_selector.HELD_OUT not in train_selector.TUNED


def test_a_row_of_figures_in_a_written_table_is_its_own_feature() -> None:
    row = candidate(5, 1.0, "  | p95, ms | 838 | 97 |", kind=Kind.TABLE)
    words = candidate(6, 1.0, "| option | kept | dropped |", kind=Kind.TABLE)
    one_figure = candidate(7, 1.0, "| pool size | 20 | default |", kind=Kind.TABLE)
    named = {
        c.number: set(learned.categories(of))
        for c, of, _ in learned.features([row, words, one_figure], 60, 100)
    }
    assert "row of figures in a written table" in named[5]
    assert "row of figures in a written table" not in named[6] | named[7]


def test_the_echo_count_is_a_numeric_feature_the_shipped_weights_favour() -> None:
    quiet, echoed = candidate(1, 1.0), candidate(2, 1.0, echo=2)
    values = {
        c.number: dict(zip(learned.NUMERIC, x, strict=True))
        for c, _, x in learned.features([quiet, echoed], 60, 100)
    }
    assert values[1]["echoed tokens"] == 0 and values[2]["echoed tokens"] == 2
    # Trained on every tuning fold, a line the prose quotes must count for, not against.
    assert learned.load().numeric[learned.NUMERIC.index("echoed tokens")] > 0

"""Regression guards over the redaction dev corpus's tuning folds (a, b), and the scorer's rule.

The held-out fold is not scored here: it is reported once, in the closing note, by
``python benchmarks/redact/score.py heldout``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks" / "redact"))

from score import TUNING_FOLDS, leaked, score_fold


@pytest.mark.parametrize("fold", TUNING_FOLDS)
def test_regression_guard_tuning_fold_leaks_no_secret(fold: str) -> None:
    score = score_fold(fold)
    assert score.secrets >= 40
    assert score.caught == score.secrets, score.misses


@pytest.mark.parametrize("fold", TUNING_FOLDS)
def test_regression_guard_tuning_fold_keeps_look_alikes(fold: str) -> None:
    score = score_fold(fold)
    assert score.lookalikes >= 40
    assert score.kept_rate >= 0.97, score.misses


def test_leak_rule_is_twelve_consecutive_chars_beyond_the_public_prefix() -> None:
    token = "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789"
    assert not leaked(token, "ghp_‹redacted:github-token›")
    assert leaked(token, "see …mnopqrstuvwx… in the log")  # 12 chars survive
    assert not leaked(token, "only mnopqrstuvw survives")  # 11 chars
    assert leaked("hunter22", "pw hunter22")  # shorter than 12: the whole value

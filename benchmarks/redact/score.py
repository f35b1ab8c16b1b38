"""Score redaction on the dev corpus with the issue's rule.

A secret leaks when any 12 consecutive characters of its value survive in the redacted text
(all of it, for a value shorter than 12); the public prefix of a token (``ghp_``, ``AKIA``,
``sk-ant-api03-``) and the BEGIN/END lines of a key block may stay. A look-alike is kept when
its value is still there verbatim.

    python benchmarks/redact/score.py [FOLD ...]     # default: the tuning folds a and b
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from publisher.redact import redact
from publisher.redact.findings import PUBLIC_PREFIXES

DATA = Path(__file__).resolve().parent / "data"
WINDOW = 12
TUNING_FOLDS = ("a", "b")
HELD_OUT_FOLDS = ("heldout", "heldout2", "holdout3")  # each scored once, then only reported


def secret_part(value: str) -> list[str]:
    """The parts of a value that must not survive: without its public prefix or PEM lines."""
    lines = [line for line in value.replace("\\n", "\n").split("\n") if line]
    lines = [line for line in lines if not line.startswith("-----")]
    first = lines[0] if lines else value
    prefix = next((p for p in PUBLIC_PREFIXES if first.startswith(p)), "")
    return [first[len(prefix) :], *lines[1:]]


def leaked(value: str, text: str) -> bool:
    for part in secret_part(value):
        if len(part) <= WINDOW:
            if part and part in text:
                return True
            continue
        if any(part[i : i + WINDOW] in text for i in range(len(part) - WINDOW + 1)):
            return True
    return False


@dataclass
class Score:
    secrets: int = 0
    caught: int = 0
    lookalikes: int = 0
    kept: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.secrets if self.secrets else 1.0

    @property
    def kept_rate(self) -> float:
        return self.kept / self.lookalikes if self.lookalikes else 1.0

    def add(self, other: Score) -> None:
        self.secrets += other.secrets
        self.caught += other.caught
        self.lookalikes += other.lookalikes
        self.kept += other.kept
        self.misses += other.misses


def score_text(name: str, text: str, labels: dict[str, list[dict[str, str]]]) -> Score:
    """Score one redacted text against its note's labels."""
    score = Score()
    for item in labels["secrets"]:
        score.secrets += 1
        if leaked(item["value"], text):
            score.misses.append(f"{name}: LEAKED {item['kind']} {item['value'][:60]!r}")
        else:
            score.caught += 1
    for item in labels["lookalikes"]:
        score.lookalikes += 1
        if item["value"] in text:
            score.kept += 1
        else:
            score.misses.append(f"{name}: DESTROYED {item['kind']} {item['value'][:60]!r}")
    return score


def notes(fold: str) -> list[tuple[Path, dict[str, list[dict[str, str]]]]]:
    return [
        (path, json.loads(path.with_suffix("").with_suffix(".labels.json").read_text("utf-8")))
        for path in sorted((DATA / fold).glob("*.md"))
    ]


def score_fold(fold: str) -> Score:
    total = Score()
    for path, labels in notes(fold):
        text = redact(path.read_text(encoding="utf-8")).text
        total.add(score_text(path.name, text, labels))
    return total


def main(folds: list[str]) -> None:
    for fold in folds:
        score = score_fold(fold)
        print(
            f"fold {fold}: secrets {score.caught}/{score.secrets} caught "
            f"(recall {score.recall:.3f}); look-alikes {score.kept}/{score.lookalikes} kept "
            f"verbatim ({score.kept_rate:.3f})"
        )
        for miss in score.misses:
            print("   ", miss)


if __name__ == "__main__":
    main(sys.argv[1:] or list(TUNING_FOLDS))

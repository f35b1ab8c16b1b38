"""Score `publisher select SESSION.jsonl` on the labelled session set.

    .venv/bin/python benchmarks/eval_sessions.py            # the tuning part
    .venv/bin/python benchmarks/eval_sessions.py heldout    # the held-out part (report once)

For each session: the share of its must-have snippets found in the selected lines, the number
of lines printed, and how many thinking texts and planted secrets leaked (both must be 0).
The selection is made exactly as the CLI makes it: session rendered, redacted, then selected.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from publisher.config import Settings
from publisher.selector import select_lines
from publisher.sessions import session_kind
from publisher.sessions.notes import session_note

SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "sessions" / "set"


def score(path: Path, settings: Settings) -> dict[str, float]:
    labels = json.loads(path.with_suffix(".labels.json").read_text(encoding="utf-8"))
    kind = session_kind(path)
    assert kind is not None, path
    note = session_note(path, kind, settings.sessions, settings.redact).note
    lines = [line.text for line in select_lines(note.body, settings.selector).lines]
    text = "\n".join(lines)
    found = [snippet for snippet in labels["must"] if snippet in text]
    return {
        "must": len(found) / len(labels["must"]),
        "lines": len(lines),
        "thinking": sum(t in note.body for t in labels["thinking"]),
        "secrets": sum(s in text for s in labels["secrets"]),
        "missed": [s for s in labels["must"] if s not in found],  # type: ignore[dict-item]
    }


def main(part: str = "tune") -> None:
    settings = Settings(target="files")
    rows = {path.stem: score(path, settings) for path in sorted((SET / part).glob("*.jsonl"))}
    for name, row in rows.items():
        print(
            f"{name:<24} must {row['must']:.2f}  lines {row['lines']:>3}  "
            f"thinking {row['thinking']}  secrets {row['secrets']}  missed {row['missed']}"
        )
    n = len(rows)
    must = sum(r["must"] for r in rows.values()) / n
    in_budget = sum(40 <= r["lines"] <= 60 for r in rows.values()) / n
    thinking = sum(r["thinking"] for r in rows.values())
    secrets = sum(r["secrets"] for r in rows.values())
    print(
        f"{part}: sessions={n} must_recall={must:.3f} in_budget={in_budget:.2f} "
        f"thinking_leaks={thinking} secret_leaks={secrets}"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])

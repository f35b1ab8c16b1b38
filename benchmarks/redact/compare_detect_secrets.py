"""detect-secrets alone on the redaction corpus, scored with the same rule as ours.

Every value detect-secrets reports (default settings: all its plugins, high-entropy included)
is replaced on its line, then ``score.score_text`` applies the 12-character leak rule. It is
not a dependency of publisher; run it from a separate environment:

    python -m venv /tmp/ds && /tmp/ds/bin/pip install detect-secrets ahocorasick-rs pydantic
    PYTHONPATH=src /tmp/ds/bin/python benchmarks/redact/compare_detect_secrets.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from detect_secrets.core.scan import scan_line  # type: ignore[import-not-found]
from detect_secrets.settings import default_settings  # type: ignore[import-not-found]

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score import DATA, Score, score_text


def redacted_by_detect_secrets(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        for secret in scan_line(line):
            if secret.secret_value:
                line = line.replace(secret.secret_value, "‹redacted›")
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    with default_settings():
        for fold in ("a", "b", "heldout"):
            total = Score()
            for path in sorted((DATA / fold).glob("*.md")):
                labels = json.loads(path.with_suffix("").with_suffix(".labels.json").read_text())
                text = redacted_by_detect_secrets(path.read_text(encoding="utf-8"))
                total.add(score_text(path.name, text, labels))
            print(
                f"detect-secrets, fold {fold}: recall {total.recall:.3f} "
                f"({total.caught}/{total.secrets}), look-alikes kept {total.kept_rate:.3f} "
                f"({total.kept}/{total.lookalikes})"
            )


if __name__ == "__main__":
    main()

"""How much the redactor replaces in ordinary work notes: an over-redaction gauge.

The selector's notes (``tests/data/notes_new/*``, ``tests/data/notes_extra``) are terminal
logs, CI output, agent sessions and prose written to be published; nearly every finding in
them is a look-alike (a cache key, a test id, ``postgres:postgres@localhost``). Fewer findings
with the redaction corpus's recall unchanged (``score.py``) means fewer damaged posts.

    python benchmarks/redact/count_findings.py            # totals by kind
    python benchmarks/redact/count_findings.py --lines    # also file:line kind masked-value
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from publisher.redact import redact

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (ROOT / "tests" / "data" / "notes_new", ROOT / "tests" / "data" / "notes_extra")


def main(show_lines: bool) -> None:
    kinds: Counter[str] = Counter()
    notes = 0
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*.md")):
            notes += 1
            text = path.read_text(encoding="utf-8", errors="replace")
            for finding in redact(text).findings:
                kinds[finding.kind] += 1
                if show_lines:
                    line = text.count("\n", 0, finding.start) + 1
                    print(f"{path.relative_to(ROOT)}:{line}\t{finding}")
    print(
        f"{sum(kinds.values())} findings in {notes} notes: "
        + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    )


if __name__ == "__main__":
    main("--lines" in sys.argv[1:])

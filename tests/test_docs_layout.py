"""docs/enrichment.md's stage map stays true: each stage names one file, and that file exists.

A newcomer reads the map to find where a stage lives; a move that forgets the doc fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE_LINE = re.compile(r"^\s*│ (\d) (\S+)\s+(\S+)\s{2,}\S")
HEADING = re.compile(r"^## (\d)\. .* — `([^`]+)`$")
STAGES = 9


def doc_lines() -> list[str]:
    return (ROOT / "docs" / "enrichment.md").read_text(encoding="utf-8").splitlines()


def test_every_stage_of_the_map_names_one_existing_file() -> None:
    stages = {m.group(1): m.group(3) for m in map(STAGE_LINE.match, doc_lines()) if m}
    assert sorted(stages) == [str(n) for n in range(1, STAGES + 1)]
    for number, path in stages.items():
        assert "," not in path, f"stage {number} names more than one file: {path}"
        assert (ROOT / "src" / "publisher" / path).is_file(), f"stage {number}: {path} is missing"


def test_each_stage_section_is_headed_by_the_same_file_as_the_map() -> None:
    stages = {m.group(1): m.group(3) for m in map(STAGE_LINE.match, doc_lines()) if m}
    headings = {m.group(1): m.group(2) for m in map(HEADING.match, doc_lines()) if m}
    assert headings == stages

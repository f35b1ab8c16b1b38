"""Build the redaction dev corpus: templates with markers -> notes + labels beside them.

Markers in ``templates/<fold>/<note>.md``:

- ``⟦s:KIND⟧`` / ``⟦s:KIND:REF⟧``: a fresh fake secret of ``shapes.SECRETS[KIND]`` (a REF reuses
  the same value where it appears again, labelled once);
- ``⟦l:KIND⟧`` / ``⟦l:KIND:REF⟧``: a harmless look-alike of ``shapes.LOOKALIKES[KIND]``;
- ``⟦s=TEXT⟧`` / ``⟦l=TEXT⟧``: TEXT itself, labelled as a secret / look-alike.

Values are seeded by fold and note name, so the corpus is the same on every run:

    python benchmarks/redact/make_corpus.py    # writes benchmarks/redact/data/<fold>/
"""

from __future__ import annotations

import json
import random
import re
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shapes import LOOKALIKES, SECRETS

HERE = Path(__file__).resolve().parent
MARKER = re.compile(r"⟦([sl])(?::([\w-]+)(?::([\w-]+))?|=([^⟧]+))⟧")


def render(template: str, seed: int) -> tuple[str, dict[str, list[dict[str, str]]]]:
    rng = random.Random(seed)
    refs: dict[tuple[str, str], str] = {}
    labels: dict[str, list[dict[str, str]]] = {"secrets": [], "lookalikes": []}

    def fill(match: re.Match[str]) -> str:
        role, kind, ref, literal = match.groups()
        group = "secrets" if role == "s" else "lookalikes"
        if literal is not None:
            labels[group].append({"kind": "literal", "value": literal})
            return literal
        if ref is not None and (role, ref) in refs:
            return refs[(role, ref)]
        value = (SECRETS if role == "s" else LOOKALIKES)[kind](rng)
        if ref is not None:
            refs[(role, ref)] = value
        labels[group].append({"kind": kind, "value": value})
        return value

    return MARKER.sub(fill, template), labels


def build(out: Path = HERE / "data") -> None:
    for template in sorted((HERE / "templates").glob("*/*.md")):
        fold = template.parent.name
        seed = zlib.crc32(f"{fold}/{template.stem}".encode())
        text, labels = render(template.read_text(encoding="utf-8"), seed)
        target = out / fold
        target.mkdir(parents=True, exist_ok=True)
        (target / template.name).write_text(text, encoding="utf-8")
        (target / f"{template.stem}.labels.json").write_text(
            json.dumps(labels, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    build()

"""The fastText "lite" language-ID model, shipped in this package, loaded on first use.

``lid.176.ftz`` (under 1 MB, 176 languages, CC BY-SA 3.0: see ``language/data/NOTICE.md``) is
package data loaded straight through ``fasttext-predict``: no download on first use, no other
package's internals. Loading lazily keeps ``import publisher.language`` cheap.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from publisher.resources import LANGUAGE_MODEL, packaged

LABEL_PREFIX = "__label__"


@cache
def load() -> Any:
    import fasttext  # from fasttext-predict: inference only, no numpy

    return fasttext.load_model(str(model_path()))


def model_path() -> Path:
    """The model file shipped as package data."""
    return packaged(*LANGUAGE_MODEL)


def predict(text: str, k: int = 3) -> list[tuple[str, float]]:
    """The k most likely languages of a one-line text, best first, as (ISO code, probability)."""
    line = " ".join(text.split())
    if not line:
        return []
    labels, probs = load().predict(line, k=k)
    return [
        (label.removeprefix(LABEL_PREFIX), min(1.0, float(prob)))
        for label, prob in zip(labels, probs, strict=True)
    ]

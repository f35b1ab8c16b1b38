"""Instructions the selector spends on one warm pass over the dev notes, counted by callgrind.

usage: python benchmarks/selector_instructions.py [NOTES_DIR] [--passes N]

Wall-clock time on the shared 2-core machine moves with everyone else's load by more than a
speed-up saves, so selector changes are compared in instructions (docs/selector.md, "Speed").
The script runs itself twice under ``valgrind --tool=callgrind``: both runs select every note
once cold (filling the word and token caches), then one of them makes N more warm passes;
the difference divided by N is the cost of a warm pass, without interpreter start-up and
imports. ``--cold`` also prints the cold first pass (startup subtracted the same way).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from selector_folds import shared_notes


def passes(notes_dir: Path, cold: int, warm: int) -> None:
    """The measured workload: ``cold`` (0 or 1) first pass, then ``warm`` passes."""
    from publisher.markdown import split_front_matter
    from publisher.selector import select_lines

    bodies = [split_front_matter(p.read_text("utf-8"))[1] for p in sorted(notes_dir.glob("*.md"))]
    for _ in range(cold + warm):
        for body in bodies:
            select_lines(body)


def instructions(notes_dir: Path, cold: int, warm: int) -> int:
    """Total instructions (Ir) of one run of the workload under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                __file__,
                str(notes_dir),
                "--run",
                f"{cold},{warm}",
            ],
            check=True,
            capture_output=True,
        )
        found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
    if found is None:
        raise SystemExit("callgrind wrote no totals")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", nargs="?", type=Path, default=shared_notes())
    parser.add_argument("--passes", type=int, default=2, help="warm passes measured")
    parser.add_argument("--cold", action="store_true", help="also count the cold first pass")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # "COLD,WARM": inside valgrind
    args = parser.parse_args()
    if args.run:
        cold, warm = map(int, args.run.split(","))
        passes(args.notes, cold, warm)
        return
    base = instructions(args.notes, 1, 0)
    warm = (instructions(args.notes, 1, args.passes) - base) / args.passes
    print(f"warm pass over {args.notes}: {warm / 1e6:.1f}M instructions")
    if args.cold:
        start = instructions(args.notes, 0, 0)
        print(f"cold first pass: {(base - start) / 1e6:.1f}M instructions")


if __name__ == "__main__":
    main()

"""Redaction cost: ms per 1,000 lines on the dev notes, and peak memory streaming 100 MB.

    python benchmarks/bench_redact.py             # both figures
    python benchmarks/bench_redact.py --mb 20     # a smaller streamed note

Two note sets are timed: the dev notes (the shared labelled notes in /work/shared/data/notes,
when present, and tests/data/notes_extra: ordinary work notes) and the redaction corpus
(benchmarks/redact/data, every fold: notes made of secrets and look-alikes, the worst case).
CPU time is measured (``process_time``), best of several runs. The streaming figure runs
``select_lines_from_file`` (which redacts every chunk on the way in) over a generated note of
``--mb`` megabytes in a fresh process and reports its peak RSS growth.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from publisher.redact import redact

ROOT = Path(__file__).resolve().parents[1]
NOTE_SETS = {
    "dev notes": (Path("/work/shared/data/notes"), ROOT / "tests" / "data" / "notes_extra"),
    "redaction corpus": (ROOT / "benchmarks" / "redact" / "data",),
}
REPEAT = 30


def texts_of(folders: tuple[Path, ...]) -> list[str]:
    texts = []
    for folder in folders:
        if folder.is_dir():
            texts += [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))]
    return texts


def ms_per_1000_lines(texts: list[str]) -> tuple[float, int]:
    lines = sum(text.count("\n") + 1 for text in texts)
    best = float("inf")
    for _ in range(REPEAT):
        started = time.process_time()
        for text in texts:
            redact(text)
        best = min(best, time.process_time() - started)
    return best * 1000 / lines * 1000, lines


def write_big_note(path: Path, megabytes: int, texts: list[str]) -> None:
    rng = random.Random(7)
    body = "\n".join(texts)
    with path.open("w", encoding="utf-8") as out:
        out.write("---\ntitle: big\n---\n")
        written = 0
        while written < megabytes * 1_000_000:
            block = (
                body
                if rng.random() < 0.2
                else "\n".join(
                    f"2024-06-01T12:00:{i % 60:02d}Z INFO worker tick {i} ok" for i in range(5000)
                )
            )
            out.write(block + "\n")
            written += len(block) + 1


STREAM_CHILD = """
import resource, sys
from pathlib import Path
from publisher.selector import select_lines_from_file
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
selection = select_lines_from_file(Path(sys.argv[1]))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, after, len(selection.lines))
"""


def stream_peak(megabytes: int, texts: list[str]) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.md"
        write_big_note(path, megabytes, texts)
        size = path.stat().st_size / 1e6
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", STREAM_CHILD, str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        seconds = time.perf_counter() - started
    before, after = int(out[0]) / 1024, int(out[1]) / 1024
    return size, after - before, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    args = parser.parse_args()
    for name, folders in NOTE_SETS.items():
        texts = texts_of(folders)
        ms, lines = ms_per_1000_lines(texts)
        print(
            f"redact, {name}: {ms:.2f} ms CPU per 1,000 lines "
            f"({len(texts)} notes, {lines} lines, best of {REPEAT})"
        )
    size, grown, seconds = stream_peak(args.mb, texts_of(NOTE_SETS["redaction corpus"]))
    print(
        f"stream: {size:.0f} MB note selected+redacted in {seconds:.1f} s, "
        f"peak RSS growth {grown:.0f} MB"
    )


if __name__ == "__main__":
    main()

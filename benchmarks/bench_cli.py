#!/usr/bin/env python3
"""Start-up time of the CLI, as cron and the selector scorer pay it on every call.

    python benchmarks/bench_cli.py [--runs 10]

Prints the median and max wall time of `publisher --help`, `publisher schema` and
`publisher select` on an example note, each in a fresh process.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "--help": ["--help"],
    "schema": ["schema"],
    "select": ["select", str(ROOT / "examples" / "notes" / "nginx-502-keepalive.md")],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    exe = shutil.which("publisher") or "publisher"
    for name, argv in COMMANDS.items():
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run([exe, *argv], capture_output=True, check=True, cwd=ROOT)
            times.append(time.perf_counter() - started)
        print(
            f"publisher {name:<7} median {statistics.median(times) * 1000:6.0f} ms"
            f"   max {max(times) * 1000:6.0f} ms   ({args.runs} runs)"
        )


if __name__ == "__main__":
    main()

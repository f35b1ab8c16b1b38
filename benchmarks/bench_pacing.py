#!/usr/bin/env python3
"""Adaptive pacing: `publisher run` against a fake account that allows RPM requests a minute.

N notes at concurrency C through the real command (files target) and the fake Messages API,
which answers each call after LATENCY seconds and sends Anthropic's rate-limit headers (a
request over the limit gets a 429 with retry-after). The configured pace stays the default
50/min; the run follows the headers. Printed: the run's own wall time (its summary), the ideal
N x LATENCY / C, their ratio, the LLM calls and the 429s; then the same run against a fake that
sends no rate-limit headers, i.e. what a fixed 50/min costs, and with pacing switched off
(the floor the machine's CPU allows: selection, language checks and covers run per note).

    python benchmarks/bench_pacing.py [--notes 32] [--concurrency 8] [--latency 2.0] [--rpm 300]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from doubles import write_note  # noqa: E402
from fakes.anthropic_server import FakeAnthropic  # noqa: E402


def run_once(
    notes: int, concurrency: int, latency: float, rpm: int | None, pace: float | None = None
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, FakeAnthropic(delay=latency, rpm=rpm) as llm:
        work = Path(tmp)
        for n in range(notes):
            write_note(work / "notes", f"bench-{n:03d}")
        env = {
            **os.environ,
            "PUBLISHER_CONFIG": str(ROOT / "config" / "publisher.example.toml"),
            "PUBLISHER_NOTES_DIR": str(work / "notes"),
            "PUBLISHER_STATE_DIR": str(work / "state"),
            "PUBLISHER_SITE_DIR": str(work / "site"),
            "PUBLISHER_CONCURRENCY": str(concurrency),
            "ANTHROPIC_API_KEY": "bench",
            "ANTHROPIC_BASE_URL": llm.url,
        }
        if pace is not None:
            env["PUBLISHER_RATE_LIMITS__LLM_PER_MINUTE"] = str(pace)
        env.pop("STRAPI_URL", None)
        done = subprocess.run(
            [sys.executable, "-m", "publisher", "run", "--log-format", "json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        events = [
            json.loads(line)
            for line in (done.stdout + done.stderr).splitlines()
            if line.startswith("{")
        ]
        summary = next(e for e in events if e.get("event") == "summary")
        calls = sum(1 for seen in llm.seen if seen.path.split("?")[0] == "/v1/messages")
        return {
            "seconds": float(summary["seconds"]),
            "published": float(summary["counts"].get("published", 0)),
            "calls": float(calls),
            "rejected": float(llm.limit.rejected if llm.limit else 0),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=32)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--rpm", type=int, default=300)
    args = parser.parse_args()
    ideal = args.notes * args.latency / args.concurrency
    print(
        f"{args.notes} notes, concurrency {args.concurrency}, LLM latency {args.latency:g} s, "
        f"configured pace 50/min; ideal N x latency / C = {ideal:.2f} s"
    )
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    rows = (
        (f"account allows {args.rpm}/min (headers)", args.rpm, None),
        ("no headers: fixed 50/min", None, None),
        ("no pacing at all (machine's floor)", None, 1e6),
    )
    for label, rpm, pace in rows:
        figures = run_once(args.notes, args.concurrency, args.latency, rpm, pace)
        wall = figures["seconds"]
        print(
            f"  {label:<34} wall {wall:6.2f} s  ratio {wall / ideal:4.2f}"
            f"  published {figures['published']:.0f}  LLM calls {figures['calls']:.0f}"
            f"  429s {figures['rejected']:.0f}"
        )


if __name__ == "__main__":
    main()

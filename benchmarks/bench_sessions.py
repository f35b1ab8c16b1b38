"""How fast a big agent session is read and rendered, and how much memory that takes.

usage: python benchmarks/bench_sessions.py [--mb 50]

Writes a Claude Code session of about ``--mb`` megabytes made of the real CLI-recorded
fixture's records, repeated with fresh uuids and with long tool outputs (a 2,000-line log per
turn), then prints the wall time and peak memory of reading + rendering it
(``render_session``), and separately of the whole note path (render, redact, select). Peak
memory comes from tracemalloc in a second pass (tracing slows the run, so times come from the
untraced pass); the file itself is never held in memory. CPU time is printed beside wall time:
on a shared, loaded machine the wall time says more about the neighbours than about the code.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from pathlib import Path

from publisher.config import Settings
from publisher.selector import select_lines
from publisher.sessions import render_session
from publisher.sessions.notes import session_note

FIXTURE = next(
    p
    for p in (Path(__file__).resolve().parents[1] / "tests/data/sessions/claude_code/billing").glob(
        "*.jsonl"
    )
    if "2.68" in p.read_text(encoding="utf-8")
)
LOG = "\n".join(
    f"2026-11-30 10:{i // 60 % 60:02d}:{i % 60:02d} INFO worker-{i % 8} processed batch {i}"
    for i in range(2000)
)


def write_session(path: Path, megabytes: int) -> int:
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    turn = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < megabytes * 1_000_000:
            turn += 1
            for record in records:
                if "uuid" in record:
                    record = {**record, "uuid": f"{record['uuid']}-{turn}"}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            result = {
                "type": "user",
                "uuid": f"log-{turn}",
                "message": {
                    "role": "user",
                    "content": [{"type": "tool_result", "tool_use_id": "x", "content": LOG}],
                },
            }
            out.write(json.dumps(result) + "\n")
    return turn


def timed(label: str, work: object, size_mb: float) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    result = work()  # type: ignore[operator]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    work()  # type: ignore[operator]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<34} {seconds:6.2f} s wall  {cpu:6.2f} s CPU  "
        f"{size_mb / seconds:6.1f} MB/s  peak {peak / 1e6:6.1f} MB"
    )
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()
    settings = Settings(target="files")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big-session.jsonl"
        turns = write_session(path, args.mb)
        size = path.stat().st_size / 1e6
        print(f"session: {size:.1f} MB, {turns} turns of the real fixture + a 2,000-line log each")
        rendered = render_session(path, "claude-code")
        print(f"rendered: {rendered.lines} lines, {len(rendered.body) / 1e6:.1f} MB of text")
        timed("read + render (render_session)", lambda: render_session(path, "claude-code"), size)

        def whole() -> object:
            note = session_note(path, "claude-code", settings.sessions, settings.redact).note
            return select_lines(note.body, settings.selector)

        timed("read + render + redact + select", whole, size)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Throughput and idempotency of `publisher run` against a real Strapi and a fake LLM.

1. throughput: N notes through a local fake Anthropic server that answers each call after
   LATENCY seconds, published to the real test Strapi, at each concurrency: wall time and its
   ratio to the ideal N x LATENCY / concurrency.
2. rerun: R notes published once, then `publisher run` again as a fresh process: wall time,
   LLM calls and HTTP writes to Strapi (both must be 0; writes are counted from Strapi's own
   request log).

    python benchmarks/bench_throughput.py [--notes 200] [--latency 1.0] [--concurrency 1 8]
                                          [--rerun-notes 1000] [--skip-throughput]

Needs Node.js for Strapi (strapi-app/install.sh runs if needed). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "integration")]

from strapi_process import running_strapi  # noqa: E402

from fakes.anthropic_server import FakeAnthropic  # noqa: E402

NOTE = """---
id: {id}
title: Incident {n}
project: bench
created: 2026-11-{day:02d}
tags: [bench, nginx]
---
Алерт: 502 на /api/orders, {pct}% запросов после деплоя {n}.
$ grep -c "prematurely closed" /var/log/nginx/error.log
{errors}
Гипотеза: воркеры падают по OOM. Проверил journalctl — пусто.
Причина: keepalive у gunicorn 2 s, у nginx 60 s: nginx шлёт запрос в закрытый сокет.
Фикс в gunicorn.conf.py:
keepalive = 75
После фикса за час: было {errors} ошибок, стало 0.
Вывод: таймаут бэкенда должен быть больше таймаута прокси.
"""


def write_notes(folder: Path, prefix: str, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        note_id = f"{prefix}-{n:04d}"
        text = NOTE.format(
            id=note_id, n=n, day=n % 28 + 1, pct=round(0.1 + n % 9 / 10, 1), errors=1000 + n
        )
        (folder / f"{note_id}.md").write_text(text, encoding="utf-8")


def env_for(work: Path, llm_url: str, strapi_url: str, token: str, concurrency: int) -> dict:
    return {
        **os.environ,
        "PUBLISHER_NOTES_DIR": str(work / "notes"),
        "PUBLISHER_STATE_DIR": str(work / "state"),
        "PUBLISHER_CONCURRENCY": str(concurrency),
        "PUBLISHER_RATE_LIMITS__LLM_PER_MINUTE": "100000",
        "PUBLISHER_RATE_LIMITS__STRAPI_PER_SECOND": "1000",
        "PUBLISHER_LLM__INVENTED_NUMBERS": "warn",
        "ANTHROPIC_API_KEY": "bench",
        "ANTHROPIC_BASE_URL": llm_url,
        "STRAPI_URL": strapi_url,
        "STRAPI_TOKEN": token,
    }


def publisher_run(env: dict) -> tuple[float, int]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "publisher", "run", "--quiet"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
    return elapsed, proc.returncode


def strapi_writes(log_path: Path) -> int:
    text = log_path.read_text(errors="replace")
    return len(re.findall(r"\b(POST|PUT|DELETE)\s+/api/", text))


def messages(server: FakeAnthropic) -> int:
    return sum(1 for seen in server.seen if seen.path == "/v1/messages")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--rerun-notes", type=int, default=1000)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument(
        "--target",
        choices=("strapi", "files"),
        default="strapi",
        help="files: publish to a site folder, to see the publisher's cost without the CMS's",
    )
    parser.add_argument(
        "--image-formats",
        choices=("on", "off"),
        default="off",
        help="Strapi's responsive image formats and size optimization (the app's default: off)",
    )
    args = parser.parse_args()
    os.environ["STRAPI_IMAGE_FORMATS"] = args.image_formats

    base = Path(tempfile.mkdtemp(prefix="bench-throughput-"))
    with running_strapi(base / "strapi") as strapi:
        if not args.skip_throughput:
            where = (
                f"real Strapi (image formats {args.image_formats})"
                if args.target == "strapi"
                else "files target"
            )
            print(f"throughput: {args.notes} notes, LLM latency {args.latency:.1f} s, {where}")
            with FakeAnthropic(delay=args.latency) as llm:
                for concurrency in args.concurrency:
                    work = base / f"c{concurrency}"
                    write_notes(work / "notes", f"c{concurrency}", args.notes)
                    env = env_for(work, llm.url, strapi.url, strapi.token, concurrency)
                    if args.target == "files":
                        env.update(PUBLISHER_TARGET="files", PUBLISHER_SITE_DIR=str(work / "site"))
                    calls = messages(llm)
                    wall, code = publisher_run(env)
                    ideal = args.notes * args.latency / concurrency
                    print(
                        f"  concurrency {concurrency:>2}: wall {wall:7.1f} s, ideal {ideal:6.1f} s,"
                        f" ratio {wall / ideal:5.2f}, LLM calls {messages(llm) - calls},"
                        f" exit {code}"
                    )

        print(f"rerun: {args.rerun_notes} unchanged notes, fresh process each time")
        with FakeAnthropic(delay=0.0) as llm:
            work = base / "rerun"
            write_notes(work / "notes", "r", args.rerun_notes)
            env = env_for(work, llm.url, strapi.url, strapi.token, 8)
            wall, code = publisher_run(env)
            print(f"  first run : wall {wall:6.1f} s, LLM calls {messages(llm)}, exit {code}")
            calls, writes = messages(llm), strapi_writes(strapi.log_path)
            for attempt in (1, 2, 3):
                wall, code = publisher_run(env)
                print(
                    f"  rerun {attempt}   : wall {wall:6.2f} s,"
                    f" LLM calls {messages(llm) - calls},"
                    f" Strapi writes {strapi_writes(strapi.log_path) - writes}, exit {code}"
                )


if __name__ == "__main__":
    main()

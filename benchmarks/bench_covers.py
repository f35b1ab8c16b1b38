"""How long a drawn cover takes: the figure behind "under 50 ms median per cover".

usage: python benchmarks/bench_covers.py [--covers N]

Draws N covers through ``CoverMaker.cover_for`` (offline, so Pillow only) with distinct note
ids and content hashes, Russian and English titles of every length, into a fresh cache folder,
and prints median and p95 milliseconds for: the whole call (draw, PNG encode, verify from the
bytes, write file and cache entry), drawing + encoding alone, and a cache hit on a rerun.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from publisher.config import load_settings
from publisher.covers.maker import CoverMaker
from publisher.covers.render import render_cover

TITLES = [
    "Кэш",
    "Why the build failed only on Fridays",
    "Как мы ускорили сборку Docker-образов в три раза и ничего не сломали",
    "Postgres: VACUUM FULL заблокировал таблицу заказов на 40 минут",
    "Tracing a memory leak in a long-running asyncio worker through tracemalloc snapshots",
    "Миграция с Celery на arq: что пошло не так, что получилось, и почему мы бы сделали это снова",
    "fix very_long_function_name_that_does_not_fit_on_one_line_of_the_cover_at_all",
    "Релиз 2.0 🚀 — наконец-то",
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def report(label: str, samples: list[float]) -> None:
    median, p95 = statistics.median(samples), percentile(samples, 0.95)
    print(f"{label:34} median {median:6.2f} ms   p95 {p95:6.2f} ms   (n={len(samples)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--covers", type=int, default=200)
    count = parser.parse_args().covers

    settings = load_settings(None, target="files")
    jobs = [
        (f"note-{index}", f"hash-{index}", TITLES[index % len(TITLES)]) for index in range(count)
    ]
    render_cover(TITLES[0], "warm-up")  # font loading happens once per process, not per cover

    with tempfile.TemporaryDirectory() as folder:
        maker = CoverMaker(settings, Path(folder), offline=True)

        def make(note_id: str, content_hash: str, title: str) -> Callable[[], object]:
            return lambda: maker.cover_for(
                note_id=note_id, content_hash=content_hash, title=title, image_query="", locale="ru"
            )

        full = [timed(make(*job)) for job in jobs]
        hits = [timed(make(*job)) for job in jobs]
        drawing = [timed(lambda job=job: render_cover(job[2], job[0])) for job in jobs]
        sizes = [path.stat().st_size for path in Path(folder).glob("*.png")]

    report("cover_for, new cover (all steps)", full)
    report("render_cover (draw + PNG encode)", drawing)
    report("cover_for, cache hit", hits)
    print(
        f"PNG size: median {statistics.median(sizes) / 1000:.1f} KB, max {max(sizes) / 1000:.1f} KB"
    )


if __name__ == "__main__":
    main()

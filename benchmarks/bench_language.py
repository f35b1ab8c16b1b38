"""Speed and footprint of publisher.language, independent of accuracy.

Prints: time to import the package and to the first answer in a fresh process (the model loads
lazily on the first call), mean microseconds per call over a mix of text kinds, and the peak RSS
of the process. Accuracy is scored separately by ../shared/eval/score_lang.py.

    python benchmarks/bench_language.py [--calls N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

TEXTS = [
    "Feature flags у нас в monorepo",
    "Why our Celery workers kept dying",
    "Запушил hotfix в main, CI прогнал e2e-тесты, всё зелёное.",
    "Thanks to Дмитрий Петров and Анна for reviewing the migration plan.",
    "Вот конфиг:\n\n```yaml\nreplicas: 3\nlimits:\n  memory: 512Mi\n```\n\nТри реплики хватает.",
    "Wie wir unsere CI-Pipeline mit GitHub Actions beschleunigt haben",
    "Як ми налаштували моніторинг",
    "Privet vsem, segodnya budet korotkij post",
    "Redis Cluster",
    "🔥🔥",
    (
        "## Контекст\n\nУ нас был монолит на Django, который обслуживал и API, и админку. "
        "Со временем деплой стал занимать сорок минут.\n\n## Решение\n\n- вынесли админку\n"
        "- добавили кэш\n- настроили CI\n"
    )
    * 3,
]

FRESH = """
import json, resource, time
t0 = time.perf_counter()
import publisher.language as language
t1 = time.perf_counter()
language.detect_language("Feature flags у нас в monorepo")
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_answer_s": t2 - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def fresh_process() -> dict[str, float]:
    """Import and first answer in a new interpreter, as a cron run would see them."""
    out = subprocess.run(
        [sys.executable, "-c", FRESH], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def per_call_us(calls: int) -> float:
    from publisher.language import detect_language

    detect_language(TEXTS[0])  # load the model outside the timing
    start = time.perf_counter()
    for i in range(calls):
        detect_language(TEXTS[i % len(TEXTS)])
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()
    fresh = min((fresh_process() for _ in range(3)), key=lambda r: r["first_answer_s"])
    us = per_call_us(args.calls)
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import_ms={fresh['import_s'] * 1000:.1f}")
    print(f"first_answer_ms={fresh['first_answer_s'] * 1000:.1f}")
    print(f"fresh_rss_mb={fresh['rss_mb']:.1f}")
    print(f"us_per_call={us:.1f} calls={args.calls}")
    print(f"rss_mb_after_calls={rss:.1f}")


if __name__ == "__main__":
    main()

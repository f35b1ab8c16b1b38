#!/usr/bin/env python3
"""CPU cost per note of each local stage, and the peak memory of the process.

Stages measured on every note of a folder (default: the shared dev notes): source (read, parse,
hash), selector, language check (both locales' title + body), cover (a fresh Pillow draw, no
cache) and state (save the enrichment + record two publications, committed). The LLM and the
target are not local stages and are measured by bench_throughput.py.

    python benchmarks/bench_stages.py [NOTES_DIR] [--rounds 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from publisher.config import load_settings
from publisher.covers.maker import CoverMaker
from publisher.language.policy import check_posts
from publisher.models import EnrichedNote, LocalizedPost, PostDraft, Publication
from publisher.selector import select_lines
from publisher.source import note_files, read_note
from publisher.state import StateStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from selector_folds import shared_notes

DEFAULT_NOTES = shared_notes()


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.process_time()
    result = fn(*args, **kwargs)
    return result, (time.process_time() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("notes", nargs="?", type=Path, default=DEFAULT_NOTES)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-stages-"))
    settings = load_settings(None, state_dir=work / "state", target="files")
    state = StateStore.in_dir(settings.state_dir)
    files = note_files(args.notes)
    costs: dict[str, list[float]] = {
        s: [] for s in ("source", "selector", "language", "cover", "state")
    }
    lines_total = 0
    for round_no in range(args.rounds):
        covers = CoverMaker(settings, work / f"covers-{round_no}", offline=True)
        for path in files:
            note, ms = timed(read_note, path, settings.max_note_bytes)
            costs["source"].append(ms)
            lines_total += note.body.count("\n") + 1 if round_no == 0 else 0
            selection, ms = timed(select_lines, note.body, settings.selector)
            costs["selector"].append(ms)
            text = selection.text
            drafts = {
                "ru": PostDraft(
                    title=f"Разбор: {note.id} и что мы починили",
                    body="Мы нашли причину ошибки и исправили конфиг.\n\n" + text,
                ),
                "en": PostDraft(
                    title=f"Postmortem: {note.id} and the fix",
                    body="We found the cause of the error and fixed the config.\n\n" + text,
                ),
            }
            _, ms = timed(check_posts, drafts)
            costs["language"].append(ms)
            (cover, _), ms = timed(
                covers.cover_for,
                note_id=note.id,
                content_hash=note.content_hash,
                title=drafts["ru"].title,
                image_query="",
                locale="ru",
            )
            costs["cover"].append(ms)
            posts = {
                loc: LocalizedPost(
                    locale=loc, title=d.title, body=d.body, slug=loc, detected_language=loc
                )
                for loc, d in drafts.items()
            }
            enriched = EnrichedNote(
                note_id=note.id,
                content_hash=note.content_hash,
                source_path=str(path),
                primary_locale="ru",
                selection=selection,
                posts=posts,
                cover=cover,
            )

            def store(enriched: EnrichedNote = enriched) -> None:
                state.save_enrichment(enriched, "bench")
                for loc in enriched.posts:
                    state.record_publication(
                        Publication(
                            note_id=enriched.note_id,
                            locale=loc,
                            target="files",
                            target_id=f"{loc}/x.md",
                            published_hash=enriched.content_hash,
                        )
                    )

            _, ms = timed(store)
            costs["state"].append(ms)

    print(f"notes: {len(files)} from {args.notes} ({lines_total} lines), rounds: {args.rounds}")
    print(f"{'stage':<10} {'median ms/note':>15} {'mean ms/note':>13} {'max ms':>8}")
    for stage, values in costs.items():
        print(
            f"{stage:<10} {statistics.median(values):>15.2f} {statistics.mean(values):>13.2f}"
            f" {max(values):>8.2f}"
        )
    total = sum(statistics.mean(v) for v in costs.values())
    print(f"{'total':<10} {'':>15} {total:>13.2f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

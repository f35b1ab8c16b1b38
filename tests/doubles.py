"""Test doubles for the paid or slow edges of a run, and a note writer.

The fake enricher stands in for the LLM only in pipeline tests; the providers themselves are
tested against the real SDK through mocked transports in tests/test_enrich*.py.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from publisher.models import (
    CoverImage,
    Enrichment,
    LocalizedPost,
    RawNote,
    Selection,
    Usage,
)

NOTE_RU = """---
id: {id}
title: Проверка
project: demo
created: 2026-10-01
tags: [nginx]
---
Ошибка 502 на /api/orders после деплоя, 0.8% запросов.
Причина: keepalive у gunicorn 2 s меньше, чем у nginx 60 s.
Фикс: keepalive = 75
После фикса 0 ошибок за час.
"""


def write_note(folder: Path, note_id: str, text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{note_id}.md"
    path.write_text(text if text is not None else NOTE_RU.format(id=note_id), encoding="utf-8")
    return path


class FakeEnricher:
    """Counts calls; can fail on chosen notes; returns a valid bilingual post."""

    def __init__(self, fail: dict[str, Exception] | None = None) -> None:
        self.calls: list[str] = []
        self.fail = fail or {}
        self._lock = threading.Lock()

    def enrich(self, note: RawNote, selection: Selection) -> Enrichment:
        with self._lock:
            self.calls.append(note.id)
        if note.id in self.fail:
            raise self.fail[note.id]
        posts = {
            "ru": LocalizedPost(
                locale="ru",
                title=f"Заметка {note.id}",
                slug=f"zametka-{note.id}",
                body=f"Текст про {note.id}: ошибка 502 и фикс.",
                detected_language="ru",
            ),
            "en": LocalizedPost(
                locale="en",
                title=f"Note {note.id}",
                slug=f"note-{note.id}",
                body=f"A post about {note.id}: the 502 error and the fix.",
                detected_language="en",
            ),
        }
        return Enrichment(
            posts=posts,
            image_query="server rack",
            tags=["ops"],
            usage=self.estimate_note(note, selection),
        )

    def estimate_note(self, note: RawNote, selection: Selection) -> Usage:
        return Usage(
            provider="fake",
            model="fake-1",
            calls=1,
            input_tokens=1000,
            output_tokens=500,
            cost_usd=0.0105,
        )


class GatedEnricher(FakeEnricher):
    """An LLM call that stays in flight until the test opens ``gate``: each call first
    releases ``arrived``, so a test knows exactly which calls are in flight when it acts."""

    def __init__(self, held: set[str] | None = None) -> None:
        super().__init__()
        self.held = held  # the note ids whose calls wait for the gate; None: every call
        self.gate = threading.Event()
        self.arrived = threading.Semaphore(0)

    def await_calls(self, count: int, timeout: float = 30.0) -> None:
        for _ in range(count):
            if not self.arrived.acquire(timeout=timeout):
                raise AssertionError(f"fewer than {count} calls started")

    def enrich(self, note: RawNote, selection: Selection) -> Enrichment:
        self.arrived.release()
        if self.held is not None and note.id not in self.held:
            return super().enrich(note, selection)
        if not self.gate.wait(timeout=60):
            raise AssertionError("the test never opened the gate")
        return super().enrich(note, selection)


class FakeCovers:
    """Draws a real (small) PNG per note so the targets copy and upload real bytes."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.calls: list[str] = []

    def cover_for(
        self, *, note_id: str, content_hash: str, title: str, image_query: str, locale: str
    ) -> tuple[CoverImage, list[str]]:
        from PIL import Image

        self.calls.append(note_id)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        path = self.cache_dir / f"{content_hash[:16]}.png"
        if not path.exists():
            Image.new("RGB", (120, 63), (20, 40, 80)).save(path, "PNG")
        data = path.read_bytes()
        return CoverImage(
            source="generated",
            locale=locale,
            file=path,
            mime="image/png",
            width=120,
            height=63,
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            alt=title,
        ), []

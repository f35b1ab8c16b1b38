"""Hand-built notes and real images for the Strapi tests (integration and fault tests)."""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests
from PIL import Image

from publisher.config import StrapiSettings
from publisher.models import (
    Attribution,
    CoverImage,
    EnrichedNote,
    LocalizedPost,
    Publication,
    SelectedLine,
    Selection,
)


@dataclass(frozen=True)
class StrapiServer:
    url: str
    token: str
    log_path: Path
    pgid: int = 0  # Strapi's process group, for tests that freeze it (SIGSTOP) and resume it

    def session(self) -> requests.Session:
        """A session with the test token, for reading back what the target wrote."""
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.token}"
        return session


TITLES = {"ru": "Как мы ускорили сборку", "en": "How we sped up the build"}


def image_bytes(
    color: tuple[int, int, int], fmt: str = "PNG", size: tuple[int, int] = (64, 40)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def write_cover(
    folder: Path,
    color: tuple[int, int, int] = (30, 120, 200),
    fmt: str = "PNG",
    mime: str | None = None,
) -> CoverImage:
    """A real image file and its CoverImage (mime may be given wrong on purpose)."""
    data = image_bytes(color, fmt)
    ext = {"PNG": ".png", "JPEG": ".jpg"}[fmt]
    path = folder / f"cover-{hashlib.sha256(data).hexdigest()[:12]}{ext}"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return CoverImage(
        source="unsplash",
        locale="ru",
        file=path,
        mime=mime or {"PNG": "image/png", "JPEG": "image/jpeg"}[fmt],
        width=64,
        height=40,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        alt="A build pipeline drawn on a whiteboard",
        attribution=Attribution(
            photographer="Ada Lovelace",
            photographer_url="https://unsplash.com/@ada",
            photo_url="https://unsplash.com/photos/abc",
            source_url="https://unsplash.com",
        ),
    )


def make_note(
    note_id: str | None = None,
    *,
    locales: tuple[str, ...] = ("ru", "en"),
    version: str = "v1",
    cover: CoverImage | None = None,
    title: str | None = None,
) -> EnrichedNote:
    """An enriched note as the pipeline would hand it over; ``version`` changes every text."""
    note_id = note_id or f"note-{uuid.uuid4().hex[:10]}"
    posts = {
        code: LocalizedPost(
            locale=code,
            title=title or f"{TITLES.get(code, code)} ({version})",
            body=f"## {version}\n\nBody in {code} for {note_id}.\n\n```sh\nmake build\n```\n",
            slug=f"{note_id}-{code}-{version}",
            detected_language=code,
        )
        for code in locales
    }
    return EnrichedNote(
        note_id=note_id,
        content_hash=hashlib.sha256(f"{note_id}:{version}".encode()).hexdigest(),
        source_path=f"notes/{note_id}.md",
        primary_locale=locales[0],
        selection=Selection(total_lines=1, lines=[SelectedLine(number=1, text="make build")]),
        posts=posts,
        cover=cover,
    )


def strapi_settings(url: str, token: str, **overrides: object) -> StrapiSettings:
    base: dict[str, object] = {"url": url, "token": token, "timeout": 20.0, "max_retries": 2}
    base.update(overrides)
    return StrapiSettings.model_validate(base)


class Recorder:
    """Collects what a target records, like the state store would, keyed by locale."""

    def __init__(self) -> None:
        self.calls: list[Publication] = []

    def __call__(self, publication: Publication) -> None:
        self.calls.append(publication)

    @property
    def by_locale(self) -> dict[str, Publication]:
        return {pub.locale: pub for pub in self.calls}

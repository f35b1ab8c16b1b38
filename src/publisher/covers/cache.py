"""Covers already made, keyed by the note's content hash and the primary locale.

A rerun, an interrupted run resumed, or a cover file restored after deletion finds the cover
here: no redraw, no second download, and no second download-tracking request to Unsplash.
An entry's JSON is written after its image, so an entry never points at half a file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from publisher.atomic import write_atomic
from publisher.models import CoverImage


class CacheEntry(BaseModel):
    note_id: str
    content_hash: str
    title: str = Field(description="the title the cover was made for")
    image_url: str | None = Field(
        default=None, description="where an uploaded photo came from: a lost file is fetched again"
    )
    cover: CoverImage


class CoverCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(content_hash: str, locale: str) -> str:
        """A file-name-safe key, whatever characters the hash or locale hold."""
        return hashlib.sha256(f"{content_hash}\n{locale}".encode()).hexdigest()[:40]

    def image_path(self, key: str, extension: str) -> Path:
        return self.folder / f"{key}{extension}"

    def record(self, content_hash: str, locale: str) -> CacheEntry | None:
        """The stored entry, its file re-rooted here (the folder may have moved); the file
        itself may be gone or damaged: see :meth:`intact`."""
        try:
            raw = (self.folder / f"{self.key(content_hash, locale)}.json").read_bytes()
            entry = CacheEntry.model_validate_json(raw)
        except (OSError, ValidationError):
            return None
        if entry.content_hash != content_hash or entry.cover.locale != locale:
            return None
        if entry.cover.file is None:
            return entry
        file = self.folder / entry.cover.file.name
        return entry.model_copy(update={"cover": entry.cover.model_copy(update={"file": file})})

    @staticmethod
    def intact(entry: CacheEntry) -> bool:
        """Whether the entry's image file (if it has one) is still there, byte for byte."""
        if entry.cover.file is None:
            return True
        try:
            data = entry.cover.file.read_bytes()
        except OSError:
            return False
        return hashlib.sha256(data).hexdigest() == entry.cover.sha256

    def put(self, entry: CacheEntry, data: bytes | None) -> None:
        if entry.cover.file is not None and data is not None:
            write_atomic(entry.cover.file, data)
        key = self.key(entry.content_hash, entry.cover.locale)
        write_atomic(self.folder / f"{key}.json", entry.model_dump_json(indent=2).encode())

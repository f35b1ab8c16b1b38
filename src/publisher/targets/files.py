"""The embedded target: Markdown files that Hugo or Astro multilingual sites read as they are.

Layout: ``<site>/<locale>/<slug>.md`` with YAML front matter, and the cover beside it as
``<slug>.<ext>``. The cover is the primary locale's (``EnrichedNote.cover``); every locale's
page shows that same image. Writes go to a temporary file and are renamed into place, so a
crash never leaves a half-written post, and a post whose slug changed replaces its old file.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import yaml

from publisher.atomic import write_atomic
from publisher.errors import NoteError, StopRun
from publisher.imagefile import EXTENSIONS
from publisher.models import EnrichedNote, LocalizedPost, Publication
from publisher.targets.base import DoctorCheck, RecordPublication


def render_post(note: EnrichedNote, post: LocalizedPost, cover_ref: str | None) -> str:
    front: dict[str, Any] = {
        "title": post.title,
        "date": note.created,
        "slug": post.slug,
        "tags": note.tags,
        "external_id": note.note_id,
        "translationKey": note.note_id,
    }
    if note.project:
        front["project"] = note.project
    if note.cover is not None and cover_ref:
        front["cover"] = {"image": cover_ref, "alt": note.cover.alt}
        if note.cover.attribution is not None:
            attribution = note.cover.attribution
            front["cover"]["caption"] = note.cover.caption or attribution.caption
            front["cover"]["attribution"] = attribution.model_dump()
    front = {key: value for key, value in front.items() if value not in (None, [], "")}
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n{post.body.strip()}\n"


def _owner(path: Path) -> str | None:
    """The external_id in an existing post's front matter (who owns this slug)."""
    try:
        text = path.read_text(encoding="utf-8")
        _, header, _ = text.split("---\n", 2)
        data = yaml.safe_load(header)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    return str(data.get("external_id")) if isinstance(data, dict) else None


class FilesTarget:
    name = "files"

    def __init__(self, site_dir: Path, locales: list[str]) -> None:
        self.site_dir = site_dir
        self.locales = locales
        # Choosing a free slug and writing it must be one step, or two workers publishing
        # notes with the same title both take the same file.
        self._claim = threading.Lock()

    def check(self) -> None:
        try:
            self.site_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StopRun(f"site dir {self.site_dir} is not writable: {exc}") from exc

    def doctor(self) -> list[DoctorCheck]:
        try:
            self.check()
            ok = os.access(self.site_dir, os.W_OK)
        except StopRun:
            ok = False
        fix = "make it writable or set site_dir / PUBLISHER_SITE_DIR"
        return [DoctorCheck("site dir", ok, str(self.site_dir), fix)]

    def _post_path(self, note: EnrichedNote, post: LocalizedPost) -> Path:
        """A slug taken by another note gets the note id appended, never overwritten."""
        path = self.site_dir / post.locale / f"{post.slug}.md"
        owner = _owner(path) if path.exists() else None
        if owner is not None and owner != note.note_id:
            path = path.with_name(f"{post.slug}-{note.note_id}.md")
        return path

    def publish(
        self,
        note: EnrichedNote,
        previous: dict[str, Publication],
        record: RecordPublication,
    ) -> list[Publication]:
        done = []
        for locale in self.locales:
            post = note.posts[locale]
            with self._claim:
                path = self._post_path(note, post)
                cover_ref = self._write_cover(note, path)
                write_atomic(path, render_post(note, post, cover_ref).encode("utf-8"))
            old = previous.get(locale)
            if old and old.target_id and old.target_id != str(path.relative_to(self.site_dir)):
                self._remove(self.site_dir / old.target_id)
            pub = Publication(
                note_id=note.note_id,
                locale=locale,
                target=self.name,
                target_id=str(path.relative_to(self.site_dir)),
                file_id=cover_ref,
                cover_sha256=note.cover.sha256 if note.cover else None,
                status="published",
                published_hash=note.content_hash,
            )
            record(pub)
            done.append(pub)
        return done

    def _write_cover(self, note: EnrichedNote, post_path: Path) -> str | None:
        cover = note.cover
        if cover is None:
            return None
        if cover.file is None:
            return cover.url
        if not cover.file.is_file():
            raise NoteError(f"cover file {cover.file} is missing")
        dest = post_path.with_suffix(EXTENSIONS.get(cover.mime, cover.file.suffix))
        write_atomic(dest, cover.file.read_bytes())
        return dest.name

    def _remove(self, old_post: Path) -> None:
        """Drop a post (and its cover) left behind by an earlier slug."""
        for path in old_post.parent.glob(f"{old_post.stem}.*"):
            path.unlink(missing_ok=True)

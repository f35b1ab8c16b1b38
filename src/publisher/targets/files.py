"""The embedded target: Markdown page bundles that Hugo and Astro multilingual sites read as is.

Layout: ``<site>/<locale>/<slug>/index.md`` with YAML front matter, and the cover beside it as
``cover.<ext>`` (a Hugo page bundle; Astro's glob loader reads the same files). The slug is
the post's settled address (addresses.py), so the folder and the ``slug:`` field agree and are
unique per locale. The cover is the primary locale's (``EnrichedNote.cover``); every locale's
page shows that same image, with alt text in its own language. Writes go to a temporary file
and are renamed into place, so a crash never leaves a half-written post, and a post whose slug
changed (``publish --new-slug``) replaces its old bundle. docs/static-sites.md has the recipes.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Any

import yaml

from publisher.atomic import write_atomic
from publisher.errors import AddressTaken, NoteError, StopRun
from publisher.imagefile import EXTENSIONS
from publisher.markdown import split_front_matter
from publisher.models import EnrichedNote, LocalizedPost, Publication
from publisher.postmeta import cover_alt, description_of, iso_date, post_date, reading_minutes
from publisher.targets.base import DoctorCheck, Published, RecordPublication

PAGE = "index.md"
COVER_STEM = "cover"


def front_matter(note: EnrichedNote, post: LocalizedPost, cover_ref: str | None) -> dict[str, Any]:
    """Keys Hugo knows (title, description, date, slug, tags, translationKey) plus ``lang``,
    ``project``, ``reading_time`` and ``cover`` for templates and Astro schemas."""
    front: dict[str, Any] = {
        "title": post.title,
        "description": description_of(post),
        "date": iso_date(post_date(note)),
        "slug": post.slug,
        "lang": post.locale,
        "translationKey": note.note_id,
        "tags": note.tags,
        "project": note.project,
        "reading_time": reading_minutes(post.body),
        "external_id": note.note_id,
    }
    if note.cover is not None and cover_ref:
        front["cover"] = {"image": cover_ref, "alt": cover_alt(note, post.locale)}
        if note.cover.attribution is not None:
            attribution = note.cover.attribution
            front["cover"]["caption"] = note.cover.caption or attribution.caption
            front["cover"]["attribution"] = attribution.model_dump()
    return {key: value for key, value in front.items() if value not in (None, [], "")}


def render_post(note: EnrichedNote, post: LocalizedPost, cover_ref: str | None) -> str:
    front = front_matter(note, post, cover_ref)
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n{post.body.strip()}\n"


def _owner(path: Path) -> str | None:
    """The external_id in an existing post's front matter (who owns this folder)."""
    try:
        text = path.read_text(encoding="utf-8")
        header, _ = split_front_matter(text)
        data = yaml.safe_load(header or "")
    except (OSError, ValueError, yaml.YAMLError):
        return None
    return str(data.get("external_id")) if isinstance(data, dict) else None


class FilesTarget:
    name = "files"

    def __init__(self, site_dir: Path, locales: list[str]) -> None:
        self.site_dir = site_dir
        self.locales = locales
        # Checking a folder's owner and writing into it must be one step.
        self._claim = threading.Lock()

    def check(self) -> None:
        try:
            self.site_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StopRun(f"site dir {self.site_dir} is not writable: {exc}") from exc

    def still_there(self, pub: Publication) -> bool:
        """The page exists under the current ``site_dir``: a deleted ``site/`` or a new
        ``site_dir`` (say a Hugo ``content/`` folder) is filled again on the next run."""
        return pub.target_id is not None and (self.site_dir / pub.target_id).is_file()

    def doctor(self) -> list[DoctorCheck]:
        try:
            self.check()
            ok = os.access(self.site_dir, os.W_OK)
        except StopRun:
            ok = False
        fix = "make it writable or set site_dir / PUBLISHER_SITE_DIR"
        return [DoctorCheck("site dir", ok, str(self.site_dir), fix)]

    def _post_path(self, note: EnrichedNote, post: LocalizedPost) -> Path:
        """The bundle's page; a folder holding another note's post is never overwritten
        (addresses are unique, so only a post written by hand or by another state is found:
        the run then gives this post a new address)."""
        path = self.site_dir / post.locale / post.slug / PAGE
        owner = _owner(path) if path.exists() else None
        if owner is not None and owner != note.note_id:
            raise AddressTaken(post.locale, post.slug)
        return path

    def publish(
        self, note: EnrichedNote, previous: Published, record: RecordPublication
    ) -> list[Publication]:
        done = []
        for locale in self.locales:
            post = note.posts[locale]
            with self._claim:
                path = self._post_path(note, post)
                cover_ref = self._write_cover(note, path)
                write_atomic(path, render_post(note, post, cover_ref).encode("utf-8"))
            target_id = path.relative_to(self.site_dir).as_posix()
            old = previous.get(locale)
            if old and old.target_id and old.target_id != target_id:
                self._remove(self.site_dir / old.target_id)
            pub = Publication(
                note_id=note.note_id,
                locale=locale,
                target=self.name,
                target_id=target_id,
                file_id=cover_ref,
                cover_sha256=note.cover.sha256 if note.cover else None,
                status="published",
                published_hash=note.content_hash,
            )
            record(pub)
            done.append(pub)
        return done

    def _write_cover(self, note: EnrichedNote, page: Path) -> str | None:
        """The cover inside the bundle (its name relative to the page), or a hotlinked URL."""
        cover = note.cover
        if cover is None:
            return None
        if cover.file is None:
            return cover.url
        if not cover.file.is_file():
            raise NoteError(f"cover file {cover.file} is missing")
        dest = page.with_name(COVER_STEM + EXTENSIONS.get(cover.mime, cover.file.suffix))
        for stale in page.parent.glob(f"{COVER_STEM}.*"):
            if stale != dest:
                stale.unlink(missing_ok=True)  # the image changed format
        write_atomic(dest, cover.file.read_bytes())
        return dest.name

    def _remove(self, old_post: Path) -> None:
        """Drop a post (and its cover) left behind under an earlier address.

        Only what this target writes is removed: a bundle's page and cover, then the folder if
        nothing else is in it; or, from the flat layout of earlier versions, ``<slug>.md`` and
        ``<slug>.<ext>``.
        """
        if old_post.name == PAGE:
            for path in (old_post, *old_post.parent.glob(f"{COVER_STEM}.*")):
                path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                old_post.parent.rmdir()
            return
        for path in old_post.parent.glob(f"{old_post.stem}.*"):
            path.unlink(missing_ok=True)

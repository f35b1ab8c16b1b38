"""A cover for every note: an Unsplash photo when one is allowed and found, else a drawn one.

The cover belongs to the primary locale by construction: it is made from that locale's title,
carries that locale in ``CoverImage.locale``, and is cached under it. Nothing here raises for
want of a photo; every reason a photo was not used comes back as a warning on the note.
"""

from __future__ import annotations

from pathlib import Path

import requests

from publisher.config import Settings
from publisher.covers.budget import HourlyBudget
from publisher.covers.cache import CacheEntry, CoverCache
from publisher.covers.imagefile import NotAnImage, inspect_image
from publisher.covers.render import HEIGHT, WIDTH, render_cover
from publisher.covers.unsplash import (
    SIZED_MIME,
    Photo,
    UnsplashClient,
    UnsplashUnavailable,
    alt_text,
    attribution_for,
    sized_url,
)
from publisher.models import CoverImage

__all__ = ["CoverMaker"]

BUDGET_FILE = "unsplash-budget.json"
REQUESTS_PER_PHOTO = 2  # the search and the download tracking
DRAWN_MAX_BYTES = 2_000_000  # a drawn cover is ~50 KB; more would mean a bug, not a photo


class CoverMaker:
    def __init__(
        self,
        settings: Settings,
        cache_dir: Path,
        *,
        session: requests.Session | None = None,
        offline: bool = False,
    ) -> None:
        self._unsplash = settings.unsplash
        self._cache = CoverCache(cache_dir)
        self._client: UnsplashClient | None = None
        if not offline and settings.unsplash.access_key is not None:
            budget = HourlyBudget(cache_dir / BUDGET_FILE, settings.unsplash.hourly_limit)
            self._client = UnsplashClient(settings.unsplash, session or requests.Session(), budget)
        self._off_for_run: str | None = None

    def cover_for(
        self, *, note_id: str, content_hash: str, title: str, image_query: str, locale: str
    ) -> tuple[CoverImage, list[str]]:
        """The note's cover and the warnings to put on the note (empty when all went well)."""
        cached = self._cache.get(content_hash, locale)
        if cached is not None and (cached.cover.source != "generated" or cached.title == title):
            return cached.cover, []
        warnings: list[str] = []
        if self._client is not None:
            try:
                entry = self._photo_cover(
                    self._client, note_id, content_hash, title, image_query, locale
                )
            except UnsplashUnavailable as exc:
                warnings.append(f"cover: {exc}; drew a cover instead")
            else:
                return entry.cover, []
        return self._drawn_cover(note_id, content_hash, title, locale).cover, warnings

    def _drawn_cover(self, note_id: str, content_hash: str, title: str, locale: str) -> CacheEntry:
        data = render_cover(title, note_id)
        info = inspect_image(data, max_bytes=DRAWN_MAX_BYTES)
        key = self._cache.key(content_hash, locale)
        cover = CoverImage(
            source="generated",
            locale=locale,
            file=self._cache.image_path(key, info.extension),
            mime=info.mime,
            width=info.width,
            height=info.height,
            size_bytes=info.size_bytes,
            sha256=info.sha256,
            alt=" ".join(title.split()) or note_id,
        )
        entry = CacheEntry(note_id=note_id, content_hash=content_hash, title=title, cover=cover)
        self._cache.put(entry, data)
        return entry

    def _photo_cover(
        self,
        client: UnsplashClient,
        note_id: str,
        content_hash: str,
        title: str,
        image_query: str,
        locale: str,
    ) -> CacheEntry:
        if self._off_for_run is not None:
            raise UnsplashUnavailable(self._off_for_run)
        query = " ".join(image_query.split())
        if not query:
            raise UnsplashUnavailable("no image query to search Unsplash with")
        if not client.budget.reserve(REQUESTS_PER_PHOTO):
            limit = client.budget.limit
            raise UnsplashUnavailable(f"Unsplash budget of {limit} requests an hour is used up")
        tracked = False
        try:
            photos = client.search(query)
            if not photos:
                raise UnsplashUnavailable(f"Unsplash found no photo for {query!r}")
            photo = photos[0]
            data, cover = self._photo_image(client, photo, content_hash, locale)
            tracked = True
            client.track_download(photo)
        except UnsplashUnavailable as exc:
            if exc.for_the_run:
                self._off_for_run = str(exc)
            raise
        finally:
            if not tracked:
                client.budget.refund(1)
        entry = CacheEntry(note_id=note_id, content_hash=content_hash, title=title, cover=cover)
        self._cache.put(entry, data)
        return entry

    def _photo_image(
        self, client: UnsplashClient, photo: Photo, content_hash: str, locale: str
    ) -> tuple[bytes | None, CoverImage]:
        """The cover for ``photo``: its sized URL (hotlink) or its verified bytes (upload)."""
        attribution = attribution_for(photo, self._unsplash.app_name)
        credit = {
            "source": "unsplash",
            "locale": locale,
            "alt": alt_text(photo, attribution),
            "caption": attribution.caption,
            "attribution": attribution,
        }
        url = sized_url(photo.urls.raw)
        if self._unsplash.mode == "hotlink":
            return None, CoverImage(url=url, mime=SIZED_MIME, width=WIDTH, height=HEIGHT, **credit)
        data = client.fetch_image(url)
        try:
            info = inspect_image(data, max_bytes=self._unsplash.max_bytes)
        except NotAnImage as exc:
            raise UnsplashUnavailable(f"Unsplash image rejected: {exc}") from exc
        key = self._cache.key(content_hash, locale)
        return data, CoverImage(
            file=self._cache.image_path(key, info.extension),
            mime=info.mime,
            width=info.width,
            height=info.height,
            size_bytes=info.size_bytes,
            sha256=info.sha256,
            **credit,
        )

"""CoverMaker: an Unsplash photo when one is allowed and found, else a drawn cover.

The cover belongs to the primary locale by construction: it is made from that locale's title,
carries that locale in ``CoverImage.locale``, and is cached under it. Nothing here raises for
want of a photo; every reason a photo was not used comes back as a warning on the note.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from publisher.config import Settings
from publisher.covers.budget import BudgetUnusable, HourlyBudget
from publisher.covers.cache import CacheEntry, CoverCache
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
from publisher.imagefile import ImageInfo, NotAnImage, inspect_image
from publisher.models import CoverImage

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
        key = settings.unsplash.access_key
        if not offline and key is not None and key.get_secret_value().strip():
            budget = HourlyBudget(cache_dir / BUDGET_FILE, settings.unsplash.hourly_limit)
            self._client = UnsplashClient(settings.unsplash, session or requests.Session(), budget)
        self._off_for_run: str | None = None

    def cover_for(
        self, *, note_id: str, content_hash: str, title: str, image_query: str, locale: str
    ) -> tuple[CoverImage, list[str]]:
        """The note's cover and the warnings to put on the note (empty when all went well)."""
        cached = self._cache.record(content_hash, locale)
        if cached is not None and self._cache.intact(cached):
            if cached.cover.source != "generated" or cached.title == title:
                return cached.cover, []
        elif cached is not None and cached.image_url and self._client is not None:
            try:
                return self._refetched(self._client, cached, cached.image_url).cover, []
            except UnsplashUnavailable:
                pass  # the photo is gone from the CDN too: choose a cover afresh below
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
        alt = " ".join(title.split()) or note_id
        cover = self._file_cover(info, content_hash, locale, source="generated", alt=alt)
        entry = CacheEntry(note_id=note_id, content_hash=content_hash, title=title, cover=cover)
        self._cache.put(entry, data)
        return entry

    def _file_cover(
        self, info: ImageInfo, content_hash: str, locale: str, **described: Any
    ) -> CoverImage:
        """A cover stored in the cache: what it is comes from its bytes (``info``)."""
        return CoverImage(
            locale=locale,
            file=self._cache.image_path(self._cache.key(content_hash, locale), info.extension),
            mime=info.mime,
            width=info.width,
            height=info.height,
            size_bytes=info.size_bytes,
            sha256=info.sha256,
            **described,
        )

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
        try:
            room = client.budget.reserve(REQUESTS_PER_PHOTO)
        except BudgetUnusable as exc:
            raise UnsplashUnavailable(f"Unsplash request budget cannot be counted ({exc})") from exc
        if not room:
            limit = client.budget.limit
            raise UnsplashUnavailable(f"Unsplash budget of {limit} requests an hour is used up")
        tracking_sent = False
        try:
            photos = client.search(query)
            if not photos:
                raise UnsplashUnavailable(f"Unsplash found no photo for {query!r}")
            photo = photos[0]
            data, cover = self._photo_image(client, photo, content_hash, locale)
            tracking_sent = True  # counted even if it fails: the request went out
            client.track_download(photo)
        except UnsplashUnavailable as exc:
            if exc.for_the_run:
                self._off_for_run = str(exc)
            raise
        finally:
            if not tracking_sent:
                client.budget.refund(1)
        entry = CacheEntry(
            note_id=note_id,
            content_hash=content_hash,
            title=title,
            cover=cover,
            image_url=None if data is None else sized_url(photo.urls.raw),
        )
        self._cache.put(entry, data)
        return entry

    def _refetched(self, client: UnsplashClient, entry: CacheEntry, url: str) -> CacheEntry:
        """A used photo whose file was lost, fetched again: no search, no second tracking."""
        data, info = self._fetched(client, url)
        old = entry.cover
        cover = self._file_cover(
            info,
            entry.content_hash,
            old.locale,
            source=old.source,
            alt=old.alt,
            caption=old.caption,
            attribution=old.attribution,
        )
        fresh = entry.model_copy(update={"cover": cover})
        self._cache.put(fresh, data)
        return fresh

    def _fetched(self, client: UnsplashClient, url: str) -> tuple[bytes, ImageInfo]:
        data = client.fetch_image(url)
        try:
            return data, inspect_image(data, max_bytes=self._unsplash.max_bytes)
        except NotAnImage as exc:
            raise UnsplashUnavailable(f"Unsplash image rejected: {exc}") from exc

    def _photo_image(
        self, client: UnsplashClient, photo: Photo, content_hash: str, locale: str
    ) -> tuple[bytes | None, CoverImage]:
        """The cover for ``photo``: its sized URL (hotlink) or its verified bytes (upload)."""
        attribution = attribution_for(photo, self._unsplash.app_name)
        credit: dict[str, Any] = {
            "source": "unsplash",
            "alt": alt_text(photo, attribution),
            "caption": attribution.caption,
            "attribution": attribution,
        }
        url = sized_url(photo.urls.raw)
        if self._unsplash.mode == "hotlink":
            hotlinked = CoverImage(
                locale=locale, url=url, mime=SIZED_MIME, width=WIDTH, height=HEIGHT, **credit
            )
            return None, hotlinked
        data, info = self._fetched(client, url)
        return data, self._file_cover(info, content_hash, locale, **credit)

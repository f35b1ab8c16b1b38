"""Cover uploads to Strapi's media library: never sent twice blindly, never left unrecorded.

Every upload is named ``<slug>--publisher-<sha256 of the bytes><ext>``, which makes it both
recognisable as publisher's and findable by content. Before a cover is sent, and again after a
send whose answer was lost (read timeout, connection reset: the file may have arrived), the
library is searched by that hash, so a slow or frozen Strapi, a crash, or a second state folder
reuses the file instead of collecting copies. The file id is handed to ``remember`` the moment
Strapi returns it, before any entry links it, so a crash in between cannot orphan it. What is
left over anyway (an entry write that failed for good, a race between two writers) is found by
``unused`` for ``publisher gc``: publisher-named files no entry links.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from publisher.errors import NoteError, PublisherError, RetryLater
from publisher.models import EnrichedNote, Publication
from publisher.targets.strapi_http import NotFound, StrapiHttp
from publisher.targets.strapi_payload import MARK, checked_mime, upload_form

log = logging.getLogger(__name__)

NAME_RE = re.compile(rf"{MARK}([0-9a-f]{{64}})\.[A-Za-z0-9]+$")
PAGE = 100

RememberUpload = Callable[[int, str], None]


@dataclass(frozen=True)
class LinkedCover:
    """The uploaded file a note's entries point at (both None: no cover to link)."""

    file_id: int | None = None
    sha256: str | None = None
    uploaded_now: bool = False


@dataclass(frozen=True)
class UploadedFile:
    """A publisher upload in the media library, as ``publisher gc`` lists it."""

    file_id: int
    name: str
    created: str


class StrapiUploads:
    def __init__(self, http: StrapiHttp) -> None:
        self.http = http

    def cover(
        self, note: EnrichedNote, previous: dict[str, Publication], remember: RememberUpload
    ) -> LinkedCover:
        """The file to link: the one state knows, else one with the same bytes, else a new one.

        In hotlink mode there is no file to upload and the media field cannot hold a remote
        URL, so nothing is linked (docs/strapi.md).
        """
        cover = note.cover
        if cover is None or cover.file is None:
            return LinkedCover()
        try:
            data = cover.file.read_bytes()
        except OSError as exc:
            raise NoteError(f"cover {cover.file} cannot be read: {exc.strerror}") from None
        mime = checked_mime(cover, data)
        sha256 = hashlib.sha256(data).hexdigest()
        known = self._known(previous, sha256)
        if known is not None:
            return LinkedCover(known, sha256)
        found = self.find(sha256)
        if found is None:
            try:
                file_id = self._send(note, sha256, data, mime)
            except RetryLater as exc:
                found = self._arrived(note, sha256, exc)
            else:
                remember(file_id, sha256)
                return LinkedCover(file_id, sha256, uploaded_now=True)
        remember(found, sha256)
        return LinkedCover(found, sha256)

    def _arrived(self, note: EnrichedNote, sha256: str, lost: RetryLater) -> int:
        """The upload whose answer was lost, if Strapi has it; else the note waits a run.

        It is not sent again in this run: a Strapi that was frozen may still be storing it
        when asked, and a second send would then make a second copy. The next run asks again.
        """
        found = self.find(sha256)
        if found is None:
            raise RetryLater(
                f"{lost}; the cover is not in the media library yet, looked up again next run"
            )
        log.info("note %s: the unanswered cover upload arrived as file %s", note.note_id, found)
        return found

    def _known(self, previous: dict[str, Publication], sha256: str) -> int | None:
        """A file recorded for these exact bytes that still exists in the media library."""
        recorded = {
            pub.file_id
            for pub in previous.values()
            if pub.cover_sha256 == sha256 and pub.file_id and pub.file_id.isdigit()
        }
        for file_id in sorted(recorded):
            if self.exists(int(file_id)):  # not deleted from the media library since
                return int(file_id)
        return None

    def _send(self, note: EnrichedNote, sha256: str, data: bytes, mime: str) -> int:
        """One upload, not repeated by the HTTP layer: an unanswered send may have arrived."""
        assert note.cover is not None
        form = upload_form(note, note.cover, mime, sha256)
        payload = self.http.request(
            "POST",
            "/api/upload",
            files=form.as_requests_files(data),
            data=form.as_requests_data(),
            idempotent=False,
        )
        try:
            return int(payload[0]["id"])
        except (TypeError, KeyError, IndexError, ValueError):
            raise NoteError("strapi POST /api/upload: unexpected answer (no file id)") from None

    def find(self, sha256: str) -> int | None:
        """The oldest publisher upload of these bytes, if the media library has one."""
        files = self.http.get(
            "/api/upload/files",
            params={
                "filters[name][$contains]": f"{MARK}{sha256}",
                "sort": "id:asc",
                "fields[0]": "name",
                "limit": 1,
            },
        )
        rows = files if isinstance(files, list) else []
        return next((int(row["id"]) for row in rows if _is_ours(row)), None)

    def exists(self, file_id: int) -> bool:
        try:
            self.http.get(f"/api/upload/files/{file_id}")
        except NotFound:
            return False
        return True

    def discard(self, cover: LinkedCover) -> None:
        """Delete a file uploaded for a note whose entry write failed for good."""
        if not cover.uploaded_now or cover.file_id is None:
            return
        try:
            self.delete(cover.file_id)
        except PublisherError as exc:
            log.warning("could not delete unused upload %s: %s", cover.file_id, exc)

    def delete(self, file_id: int) -> None:
        with contextlib.suppress(NotFound):
            self.http.request("DELETE", f"/api/upload/files/{file_id}")

    def release(self, file_ids: Iterable[int]) -> None:
        """Delete the note's earlier covers once nothing links them: a changed cover leaves no
        orphan behind. Only publisher's files go; a failure is logged (``publisher gc`` remains)."""
        for file_id in file_ids:
            try:
                row = self.http.get(f"/api/upload/files/{file_id}", params={"populate": "related"})
                if _is_ours(row) and not row.get("related"):
                    self.delete(file_id)
            except NotFound:
                continue
            except PublisherError as exc:
                log.warning("could not check earlier upload %s: %s", file_id, exc)

    def unused(self) -> list[UploadedFile]:
        """Publisher's uploads that no entry links, oldest first."""
        return [
            UploadedFile(int(row["id"]), str(row["name"]), str(row.get("createdAt", "")))
            for row in self._publisher_files()
            if not row.get("related")
        ]

    def _publisher_files(self) -> Iterator[dict[str, Any]]:
        start = 0
        while True:
            page = self.http.get(
                "/api/upload/files",
                params={
                    "filters[name][$contains]": MARK,
                    "populate": "related",
                    "sort": "id:asc",
                    "start": start,
                    "limit": PAGE,
                },
            )
            rows = [row for row in page if _is_ours(row)] if isinstance(page, list) else []
            yield from rows
            if not isinstance(page, list) or len(page) < PAGE:
                return
            start += PAGE


def _is_ours(row: Any) -> bool:
    return isinstance(row, dict) and "id" in row and bool(NAME_RE.search(str(row.get("name"))))

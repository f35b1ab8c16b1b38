"""The Strapi 5 target: one document per note, one localization per locale, cover as media.

Order per note: check the locales exist (once per run), upload the cover (or reuse the file
uploaded for the same image), write the primary locale (stored documentId, else found by
external id, else created), then ``PUT`` every other locale onto the same document. Every write
names its locale and carries the shared fields (``external_id``, ``cover``), and each locale is
recorded as soon as it is written, so a rerun after a crash updates instead of duplicating.
See docs/strapi.md for the content type this expects and what each error means.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import requests

from publisher.config import StrapiSettings
from publisher.errors import (
    AuthError,
    ConfigError,
    NoteError,
    PublisherError,
    RetryLater,
    StopRun,
)
from publisher.models import EnrichedNote, Publication
from publisher.targets.base import DoctorCheck, RecordPublication
from publisher.targets.strapi_http import NotFound, StrapiHttp
from publisher.targets.strapi_payload import checked_mime, entry_data, schema_problems, upload_form

log = logging.getLogger(__name__)

TOKEN_FIX = "create a full-access API token (Settings > API Tokens) and set STRAPI_TOKEN"


@dataclass(frozen=True)
class LinkedCover:
    """The uploaded file a note's entries point at (both None: no cover to link)."""

    file_id: int | None = None
    sha256: str | None = None
    uploaded_now: bool = False


class StrapiTarget:
    name = "strapi"

    def __init__(
        self,
        settings: StrapiSettings,
        locales: list[str],
        primary_locale: str,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.fields = settings.fields
        self.primary = primary_locale
        self.locales = [primary_locale, *(code for code in locales if code != primary_locale)]
        self.route = f"/api/{settings.collection}"
        self.status: Literal["published", "draft"] = "draft" if settings.draft else "published"
        session = session or requests.Session()
        self.http = StrapiHttp(
            settings.url or "",
            settings.token,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            max_retry_wait=settings.max_retry_wait,
            session=session,
            sleep=sleep,
        )
        # doctor answers at once: a server that is down is reported, not retried.
        self._probe = StrapiHttp(
            settings.url or "",
            settings.token,
            timeout=settings.timeout,
            max_retries=0,
            max_retry_wait=0,
            session=session,
        )
        self._checked = False

    # -- preflight -------------------------------------------------------------------------

    def check(self) -> None:
        """Refuse to write anywhere unless every configured locale exists in Strapi.

        Strapi accepts any ``?locale=`` code and silently creates a row for it, so a typo in
        the config would otherwise publish into a locale nobody can see.
        """
        if self._checked:
            return
        if not self.settings.url:
            raise ConfigError("strapi.url (STRAPI_URL) is not set")
        if self.settings.token is None:
            raise AuthError(f"no Strapi API token: {TOKEN_FIX}")
        try:
            available = self._strapi_locales(self.http)
            missing = [code for code in self.locales if code not in available]
            if missing:
                raise StopRun(
                    f"strapi has no locale {', '.join(missing)} (it has "
                    f"{', '.join(sorted(available)) or 'none'}): add it under Settings > "
                    "Internationalization, or fix `locales`"
                )
            self.http.get(self.route, params={"pagination[pageSize]": 1})
        except NotFound:
            raise StopRun(
                f"strapi has no collection {self.settings.collection!r} "
                f"(GET {self.route} is 404): set strapi.collection to its plural API ID"
            ) from None
        except RetryLater as exc:
            raise StopRun(f"strapi is unreachable, nothing published: {exc}") from None
        self._checked = True

    @staticmethod
    def _strapi_locales(http: StrapiHttp) -> set[str]:
        payload = http.get("/api/i18n/locales")
        if not isinstance(payload, list):
            raise StopRun("strapi answered /api/i18n/locales with no list: is i18n enabled?")
        return {item["code"] for item in payload if isinstance(item, dict) and "code" in item}

    # -- publishing ------------------------------------------------------------------------

    def publish(
        self,
        note: EnrichedNote,
        previous: dict[str, Publication],
        record: RecordPublication,
    ) -> list[Publication]:
        self.check()
        missing = [code for code in self.locales if code not in note.posts]
        if missing:
            raise NoteError(f"no post for locale(s) {', '.join(missing)}")
        cover = self._cover(note, previous)
        document_id: str | None = None
        done = []
        for locale in self.locales:
            data = entry_data(self.fields, note, note.posts[locale], cover.file_id)
            if document_id is None:
                try:
                    document_id = self._write_primary(note, previous, data)
                except PublisherError:
                    self._discard(cover)
                    raise
            else:
                self._put(document_id, locale, data)
            publication = Publication(
                note_id=note.note_id,
                locale=locale,
                target=self.name,
                target_id=document_id,
                file_id=str(cover.file_id) if cover.file_id is not None else None,
                cover_sha256=cover.sha256,
                status=self.status,
                published_hash=note.content_hash,
            )
            record(publication)
            done.append(publication)
        return done

    def _write_primary(
        self, note: EnrichedNote, previous: dict[str, Publication], data: dict[str, Any]
    ) -> str:
        """Update the known document, else the one holding this external id, else create."""
        stored = [pub.target_id for pub in previous.values() if pub.target_id]
        if stored:
            known = previous.get(self.primary)
            document_id = known.target_id if known and known.target_id else stored[0]
            try:
                return self._put(document_id, self.primary, data)
            except NotFound:
                log.info(
                    "note %s: document %s is gone from Strapi, recreating",
                    note.note_id,
                    document_id,
                )
        found = self._find(note.note_id)
        if found is not None:
            return self._put(found, self.primary, data)
        payload = self.http.request(
            "POST",
            self.route,
            params=self._params(self.primary),
            json={"data": data},
            idempotent=False,
        )
        return _document_id(payload)

    def _find(self, external_id: str) -> str | None:
        """The document holding this external id, drafts included (a draft-only one too)."""
        payload = self.http.get(
            self.route,
            params={
                f"filters[{self.fields.external_id}][$eq]": external_id,
                "locale": self.primary,
                "status": "draft",
                "fields[0]": self.fields.external_id,
                "pagination[pageSize]": 1,
            },
        )
        rows = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(rows, list):
            raise NoteError(f"strapi GET {self.route}: unexpected answer (no data list)")
        return str(rows[0]["documentId"]) if rows else None

    def _put(self, document_id: str, locale: str, data: dict[str, Any]) -> str:
        """Update one localization; Strapi creates it when the document lacks that locale."""
        payload = self.http.request(
            "PUT", f"{self.route}/{document_id}", params=self._params(locale), json={"data": data}
        )
        return _document_id(payload)

    def _params(self, locale: str) -> dict[str, str]:
        # REST writes publish unless told otherwise, and there is no REST publish action.
        return {"locale": locale, "status": "draft"} if self.settings.draft else {"locale": locale}

    # -- cover -----------------------------------------------------------------------------

    def _cover(self, note: EnrichedNote, previous: dict[str, Publication]) -> LinkedCover:
        """Upload the cover, or reuse the file already uploaded for these exact bytes.

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
        uploaded = {
            pub.file_id
            for pub in previous.values()
            if pub.cover_sha256 == sha256 and pub.file_id and pub.file_id.isdigit()
        }
        for file_id in sorted(uploaded):
            if self._file_exists(file_id):  # not deleted from the media library since
                return LinkedCover(int(file_id), sha256)
        form = upload_form(note, cover, mime)
        payload = self.http.request(
            "POST",
            "/api/upload",
            files=form.as_requests_files(data),
            data=form.as_requests_data(),
        )
        try:
            return LinkedCover(int(payload[0]["id"]), sha256, uploaded_now=True)
        except (TypeError, KeyError, IndexError, ValueError):
            raise NoteError("strapi POST /api/upload: unexpected answer (no file id)") from None

    def _discard(self, cover: LinkedCover) -> None:
        """Delete a file uploaded for a note that then linked nothing: no orphan per retry."""
        if not cover.uploaded_now:
            return
        try:
            self.http.request("DELETE", f"/api/upload/files/{cover.file_id}")
        except PublisherError as exc:
            log.warning("could not delete unused upload %s: %s", cover.file_id, exc)

    def _file_exists(self, file_id: str) -> bool:
        try:
            self.http.get(f"/api/upload/files/{file_id}")
        except NotFound:
            return False
        return True

    # -- doctor ----------------------------------------------------------------------------

    def doctor(self) -> list[DoctorCheck]:
        """URL, token, locales and the collection's fields, each with what to fix."""
        url = self.settings.url
        if not url:
            return [DoctorCheck("strapi url", False, "not set", "set STRAPI_URL or strapi.url")]
        try:
            self._probe.get("/_health")
        except NotFound:
            pass  # it answered, just without a health route
        except (RetryLater, NoteError) as exc:
            fix = "start Strapi or correct STRAPI_URL / strapi.url"
            return [DoctorCheck("strapi url", False, f"{url}: {exc}", fix)]
        checks = [DoctorCheck("strapi url", True, url)]
        if self.settings.token is None:
            return [*checks, DoctorCheck("strapi token", False, "not set", TOKEN_FIX)]
        try:
            available = self._strapi_locales(self._probe)
        except AuthError:
            return [*checks, DoctorCheck("strapi token", False, "rejected (401/403)", TOKEN_FIX)]
        except (RetryLater, StopRun, NoteError) as exc:
            return [*checks, DoctorCheck("strapi locales", False, str(exc), "enable i18n")]
        checks.append(DoctorCheck("strapi token", True, "accepted"))
        missing = [code for code in self.locales if code not in available]
        checks.append(
            DoctorCheck(
                "strapi locales",
                not missing,
                f"missing {', '.join(missing)}" if missing else ", ".join(self.locales),
                "add them under Settings > Internationalization, or fix `locales`"
                if missing
                else None,
            )
        )
        checks.append(self._collection_check())
        return checks

    def _collection_check(self) -> DoctorCheck:
        name = f"strapi collection {self.settings.collection!r}"
        try:
            payload = self._probe.get("/api/content-type-builder/content-types")
        except (AuthError, NoteError, RetryLater) as exc:
            return DoctorCheck(name, False, f"cannot read content types: {exc}", TOKEN_FIX)
        types = payload.get("data") if isinstance(payload, dict) else None
        schema = next(
            (
                item["schema"]
                for item in types or []
                if isinstance(item, dict)
                and str(item.get("uid", "")).startswith("api::")
                and item.get("schema", {}).get("pluralName") == self.settings.collection
            ),
            None,
        )
        if schema is None:
            fix = "create the content type of docs/strapi.md, or set strapi.collection"
            return DoctorCheck(name, False, "no collection type with that plural API ID", fix)
        problems = schema_problems(schema.get("attributes", {}), self.fields)
        if problems:
            fix = "edit the content type (docs/strapi.md) or set strapi.fields.*"
            return DoctorCheck(name, False, "; ".join(problems), fix)
        return DoctorCheck(name, True, "has " + ", ".join(self.fields.model_dump().values()))


def _document_id(payload: Any) -> str:
    try:
        return str(payload["data"]["documentId"])
    except (TypeError, KeyError):
        raise NoteError("strapi answered a write with no documentId") from None

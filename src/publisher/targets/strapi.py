"""The Strapi 5 target: one document per note, one localization per locale, cover as media.

Order per note: check the locales exist (once per run), get the cover's file (reused, found by
its hash, or uploaded and recorded at once: ``strapi_uploads``), write the primary locale
(stored documentId, else the oldest found by external id, else created), converge (the oldest
document holding the external id is kept, any other writer's copy deleted:
``strapi_documents``), then ``PUT`` every other locale onto that document. Every write names its
locale and carries the shared fields (``external_id``, ``cover``), and each locale is recorded
as soon as it is written, so a rerun after a crash updates instead of duplicating.
See docs/strapi.md for the content type this expects and what each error means.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any, Literal

import requests

from publisher.config import StrapiSettings
from publisher.errors import (
    AddressTaken,
    AuthError,
    ConfigError,
    NoteError,
    PublisherError,
    RetryLater,
    StopRun,
)
from publisher.models import EnrichedNote, Publication
from publisher.targets.base import DoctorCheck, Published, RecordPublication
from publisher.targets.strapi_documents import StrapiDocuments
from publisher.targets.strapi_http import NotFound, Rejected, StrapiHttp
from publisher.targets.strapi_payload import entry_data, schema_problems, schema_warnings
from publisher.targets.strapi_uploads import LinkedCover, StrapiUploads

log = logging.getLogger(__name__)

CONVERGE_TRIES = 3  # a document merged away under us twice more is left for the next run
TOKEN_FIX = "create a full-access API token (Settings > API Tokens) and set STRAPI_TOKEN"


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
            deadline=settings.deadline,
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
            deadline=settings.deadline,
            max_retries=0,
            max_retry_wait=0,
            session=session,
        )
        self.documents = StrapiDocuments(
            self.http, self.route, self.fields.external_id, primary_locale, settings.draft
        )
        self.uploads = StrapiUploads(self.http)
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
        self, note: EnrichedNote, previous: Published, record: RecordPublication
    ) -> list[Publication]:
        self.check()
        missing = [code for code in self.locales if code not in note.posts]
        if missing:
            raise NoteError(f"no post for locale(s) {', '.join(missing)}")
        remember = functools.partial(self._remember_upload, note, previous, record)
        cover = self.uploads.cover(note, previous, remember)
        data = {
            locale: entry_data(self.fields, note, note.posts[locale], cover.file_id)
            for locale in self.locales
        }
        try:
            with self._address(note, self.primary):
                written = self._write_primary(note, previous, data[self.primary])
        except (RetryLater, StopRun, AddressTaken):
            raise  # the upload is recorded: the next run (or address) links it
        except PublisherError:
            self.uploads.discard(cover)
            raise
        publication = functools.partial(self._publication, note, cover)
        for _ in range(CONVERGE_TRIES):
            document_id = self.documents.converge(note.note_id, written, data[self.primary])
            done = [publication(self.primary, document_id)]
            record(done[0])
            try:
                for locale in self.locales[1:]:
                    with self._address(note, locale):
                        self.documents.put(document_id, locale, data[locale])
                    done.append(publication(locale, document_id))
                    record(done[-1])
            except NotFound:
                written = document_id  # merged away by another writer meanwhile: converge again
                continue
            self.uploads.release(_earlier_files(previous, cover))
            return self._shared_cover(note, document_id, cover, done, record)
        raise RetryLater(f"note {note.note_id}: its document kept changing under another writer")

    def _shared_cover(
        self,
        note: EnrichedNote,
        document_id: str,
        cover: LinkedCover,
        done: list[Publication],
        record: RecordPublication,
    ) -> list[Publication]:
        """One file per image even when two writers uploaded it at the same moment.

        Both looked the image up, found nothing and uploaded it; whoever finds an older copy
        afterwards moves its locales onto that copy (the oldest, so every writer picks the same)
        and deletes its own once nothing links it. A failure here leaves a valid cover and the
        spare file to ``publisher gc``.
        """
        if not cover.uploaded_now or cover.sha256 is None or cover.file_id is None:
            return done
        try:
            oldest = self.uploads.find(cover.sha256)
            if oldest is None or oldest == cover.file_id:
                return done
            shared = LinkedCover(oldest, cover.sha256)
            moved = []
            for pub in done:
                data = entry_data(self.fields, note, note.posts[pub.locale], oldest)
                self.documents.put(document_id, pub.locale, data)
                moved.append(self._publication(note, shared, pub.locale, document_id))
                record(moved[-1])
            self.uploads.release({cover.file_id})
        except (NoteError, RetryLater) as exc:
            log.warning("note %s: cover left on its own upload: %s", note.note_id, exc)
            return done
        return moved

    @contextlib.contextmanager
    def _address(self, note: EnrichedNote, locale: str) -> Iterator[None]:
        """A write Strapi refuses because another entry has this slug (a ``uid`` is unique per
        locale) becomes AddressTaken, so the run moves the post to a new address."""
        try:
            yield
        except Rejected as exc:
            if "unique" in exc.fields.get(self.fields.slug, "").lower():
                raise AddressTaken(locale, note.posts[locale].slug) from exc
            raise

    def _publication(
        self, note: EnrichedNote, cover: LinkedCover, locale: str, doc: str
    ) -> Publication:
        return Publication(
            note_id=note.note_id,
            locale=locale,
            target=self.name,
            target_id=doc,
            file_id=str(cover.file_id) if cover.file_id is not None else None,
            cover_sha256=cover.sha256,
            status=self.status,
            published_hash=note.content_hash,
        )

    def _remember_upload(
        self,
        note: EnrichedNote,
        previous: dict[str, Publication],
        record: RecordPublication,
        file_id: int,
        sha256: str,
    ) -> None:
        """Record an upload the moment Strapi returns it, before any entry links it.

        It goes on the primary locale's row with that row's earlier document and hash (none
        for a new note), so the note still counts as unpublished, and the next run, whatever
        happens before linking, finds the file by its hash in ``previous`` and reuses it.
        """
        known = previous.get(self.primary)
        record(
            Publication(
                note_id=note.note_id,
                locale=self.primary,
                target=self.name,
                target_id=known.target_id if known else None,
                file_id=str(file_id),
                cover_sha256=sha256,
                status=known.status if known else self.status,
                published_hash=known.published_hash if known else "",
            )
        )

    def _write_primary(
        self, note: EnrichedNote, previous: dict[str, Publication], data: dict[str, Any]
    ) -> str:
        """Update the known document, else the oldest holding this external id, else create."""
        stored = [pub.target_id for pub in previous.values() if pub.target_id]
        if stored:
            known = previous.get(self.primary)
            document_id = known.target_id if known and known.target_id else stored[0]
            try:
                return self.documents.put(document_id, self.primary, data)
            except NotFound:
                log.info(
                    "note %s: document %s is gone from Strapi, recreating",
                    note.note_id,
                    document_id,
                )
        holders = self.documents.holders(note.note_id)
        if holders:
            return self.documents.put(holders[0], self.primary, data)
        try:
            return self.documents.create(data)
        except (RetryLater, StopRun):
            raise
        except NoteError:
            # A unique external_id refuses the second of two racing creates: join the first.
            holders = self.documents.holders(note.note_id)
            if not holders:
                raise
            return self.documents.put(holders[0], self.primary, data)

    # -- doctor ----------------------------------------------------------------------------

    def still_there(self, pub: Publication) -> bool:
        """Taken on trust: asking Strapi would cost a request per note on every cron run."""
        return True

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
        has = "has " + ", ".join(name for name in self.fields.model_dump().values() if name)
        warnings = schema_warnings(schema.get("attributes", {}), self.fields)
        if warnings:
            fix = "make slug a UID, tick Unique on external_id (docs/strapi.md)"
            return DoctorCheck(name, True, f"{has}; {'; '.join(warnings)}", fix, warning=True)
        return DoctorCheck(name, True, has)


def _earlier_files(previous: dict[str, Publication], cover: LinkedCover) -> set[int]:
    """File ids the note's rows recorded that its entries no longer link."""
    return {
        int(pub.file_id)
        for pub in previous.values()
        if pub.file_id and pub.file_id.isdigit() and pub.file_id != str(cover.file_id)
    }

"""The collection's documents over REST: find by external id, create, update, delete, converge.

"Find by external id, then create" is not atomic, and Strapi checks a unique field in code, not
in the database, so two writers with different state folders (a laptop and a server, a restored
backup) can both create a document for one note. ``converge`` makes any number of writers agree
afterwards: the oldest document holding the external id is the note's document, every writer
moves its own localizations onto it, and the others are deleted. Oldest is judged by the
primary locale's draft row (``createdAt``, then ``id``), which every writer reads the same way.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from publisher.errors import NoteError
from publisher.targets.strapi_http import NotFound, StrapiHttp

log = logging.getLogger(__name__)

MAX_HOLDERS = 100  # more documents than this for one note would be a runaway, not a race


class StrapiDocuments:
    """One collection's documents, addressed by documentId and locale."""

    def __init__(
        self, http: StrapiHttp, route: str, external_field: str, primary: str, draft: bool
    ) -> None:
        self.http = http
        self.route = route
        self.external_field = external_field
        self.primary = primary
        self.draft = draft

    def params(self, locale: str) -> dict[str, str]:
        # REST writes publish unless told otherwise, and there is no REST publish action.
        return {"locale": locale, "status": "draft"} if self.draft else {"locale": locale}

    def holders(self, external_id: str) -> list[str]:
        """Every document holding this external id, oldest first, drafts included."""
        payload = self.http.get(
            self.route,
            params={
                f"filters[{self.external_field}][$eq]": external_id,
                "locale": self.primary,
                "status": "draft",
                "sort[0]": "createdAt:asc",
                "sort[1]": "id:asc",
                "fields[0]": self.external_field,
                "pagination[pageSize]": MAX_HOLDERS,
            },
        )
        rows = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(rows, list):
            raise NoteError(f"strapi GET {self.route}: unexpected answer (no data list)")
        ordered: dict[str, None] = {}
        for row in rows:
            if isinstance(row, dict) and row.get("documentId"):
                ordered.setdefault(str(row["documentId"]), None)
        return list(ordered)

    def create(self, data: dict[str, Any]) -> str:
        """A new document in the primary locale; never repeated after a timeout (it may exist)."""
        payload = self.http.request(
            "POST",
            self.route,
            params=self.params(self.primary),
            json={"data": data},
            idempotent=False,
        )
        return document_id_of(payload)

    def put(self, document_id: str, locale: str, data: dict[str, Any]) -> str:
        """Update one localization; Strapi creates it when the document lacks that locale."""
        payload = self.http.request(
            "PUT", f"{self.route}/{document_id}", params=self.params(locale), json={"data": data}
        )
        return document_id_of(payload)

    def delete(self, document_id: str) -> None:
        """The whole document, every locale (``locale=*``); one already gone is fine."""
        with contextlib.suppress(NotFound):
            self.http.request("DELETE", f"{self.route}/{document_id}", params={"locale": "*"})

    def converge(self, external_id: str, written: str, primary_data: dict[str, Any]) -> str:
        """The note's one document after this write, whatever other writers did meanwhile.

        When an older document holds the external id, this run's primary localization is
        written onto it; every newer one is deleted (a writer that loses a race moves its work
        onto the winner and removes its own copy). Returns the document to keep writing to.
        """
        holders = self.holders(external_id)
        if not holders or holders == [written]:
            return written
        keeper = holders[0]
        if keeper != written:
            self.put(keeper, self.primary, primary_data)
        for extra in dict.fromkeys([*holders[1:], written]):
            if extra != keeper:
                log.info("note %s: deleting duplicate document %s", external_id, extra)
                self.delete(extra)
        return keeper


def document_id_of(payload: Any) -> str:
    try:
        return str(payload["data"]["documentId"])
    except (TypeError, KeyError):
        raise NoteError("strapi answered a write with no documentId") from None

"""What a note needs in this run, decided from what state knows about it: a pure function.

``plan`` never does I/O; the runner reads the note's record and publications and passes them in.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from publisher.models import RawNote
from publisher.state import NoteRecord


class Action(StrEnum):
    ENRICH = "enrich"  # new or changed: LLM call, cover, publish
    PUBLISH = "publish"  # enrichment stored for this content: publish only
    UNCHANGED = "unchanged"  # published as it is: nothing to do
    FAILED_EARLIER = "failed-earlier"  # the LLM result was unusable; wait for an edit
    IN_BATCH = "in-batch"  # waiting in a Message Batch
    NOT_WORTH = "not-worth"  # the model judged this content not worth a post


def plan(
    note: RawNote,
    record: NoteRecord | None,
    published_hashes: dict[str, str],
    locales: Iterable[str],
    *,
    force: bool = False,
    re_enrich: bool = False,
) -> Action:
    """What this note needs, from what state knows about it."""
    if (
        record is not None
        and record.stage == "skipped"
        and record.content_hash == note.content_hash
        and not (force or re_enrich)
    ):
        return Action.NOT_WORTH
    if re_enrich or record is None or record.enrichment_for(note.content_hash) is None:
        if (
            record is not None
            and record.content_hash == note.content_hash
            and not (force or re_enrich)
        ):
            if record.batch_id:
                return Action.IN_BATCH
            if record.error_kind == "failed" and record.failed_at == "enrich":
                return Action.FAILED_EARLIER
        return Action.ENRICH
    if force:
        return Action.PUBLISH
    if all(published_hashes.get(locale) == note.content_hash for locale in locales):
        return Action.UNCHANGED
    return Action.PUBLISH

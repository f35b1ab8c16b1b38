"""Records of a Message Batch: what was sent (the ticket, kept in state) and what came back.

A batch ends within 24 hours and its results may come back in any order, so each request carries
a ``custom_id`` derived from its note id, and the ticket remembers which note and which content
each one was for. A later run collects; notes whose request errored or expired go back to pending.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal

from pydantic import BaseModel, Field

from publisher.models import Enrichment, Usage

CUSTOM_ID_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def custom_id_for(note_id: str) -> str:
    """The note id if the API accepts it, else a readable safe form made unique by a hash."""
    if CUSTOM_ID_RE.match(note_id):
        return note_id
    readable = re.sub(r"[^a-zA-Z0-9_-]+", "-", note_id).strip("-")[:55] or "note"
    return f"{readable}-{hashlib.sha256(note_id.encode('utf-8')).hexdigest()[:8]}"


class BatchTicket(BaseModel):
    """Stored in state (as JSON) between the run that submits and the run that collects."""

    batch_id: str
    provider: str
    model: str
    custom_ids: dict[str, str] = Field(description="custom_id -> note id")
    content_hashes: dict[str, str] = Field(description="note id -> content hash when submitted")


class BatchItem(BaseModel):
    """One note's result: a checked enrichment, a failure, or back to pending."""

    note_id: str
    status: Literal["enriched", "failed", "retry"]
    enrichment: Enrichment | None = None
    error: str = ""
    usage: Usage = Field(default_factory=Usage)


class BatchOutcome(BaseModel):
    batch_id: str
    status: Literal["in_progress", "ended"]
    items: dict[str, BatchItem] = Field(default_factory=dict, description="by note id")
    warnings: list[str] = Field(default_factory=list)

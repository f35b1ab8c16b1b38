"""``publisher status``: every note the folder or the state knows, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass

from publisher.config import Settings
from publisher.errors import SourceError
from publisher.source import load_notes
from publisher.state import StateStore


@dataclass(frozen=True)
class StatusRow:
    note_id: str
    stage: str
    published: str
    attempts: int
    updated: str
    detail: str


def status_rows(settings: Settings) -> list[StatusRow]:
    """State joined with the notes folder, read-only: new and edited notes show up too."""
    try:
        notes, problems = load_notes(
            settings.notes_dir, settings.max_note_bytes, redaction=settings.redact
        )
    except SourceError:
        notes, problems = [], []
    hashes = {note.id: note.content_hash for note in notes}
    rows = []
    with StateStore.in_dir(settings.state_dir, snapshot=True) as state:
        for record in state.notes():
            pubs = state.publications(record.id, settings.target or "files")
            current = sorted(k for k, p in pubs.items() if p.published_hash == record.content_hash)
            stage: str = record.error_kind or record.stage
            if record.batch_id:
                stage = "in-batch"
            if record.id in hashes and hashes[record.id] != record.content_hash:
                stage = "edited"
            rows.append(
                StatusRow(
                    record.id,
                    stage,
                    ",".join(current) or "-",
                    record.attempts,
                    record.updated_at,
                    record.last_error or "",
                )
            )
    known = {row.note_id for row in rows}
    rows += [StatusRow(n.id, "new", "-", 0, "", "") for n in notes if n.id not in known]
    rows += [
        StatusRow(p.note_id, "unreadable", "-", 0, "", f"{p.path}: {p.reason}")
        for p in problems
        if p.note_id not in known
    ]
    return sorted(rows, key=lambda row: row.note_id)

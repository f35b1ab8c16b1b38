"""``publisher status``: every note the sources or the state know, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from publisher.config import Settings
from publisher.errors import SourceError
from publisher.locations import Location, locations_of
from publisher.sources import Scan, scan_sources
from publisher.state import NoteRecord, StateStore

SESSION_PREFIXES = ("claude-code", "codex")


@dataclass(frozen=True)
class StatusRow:
    note_id: str
    stage: str
    published: list[str]  # locales whose post matches the current content; the table shows "-"
    attempts: int
    updated: str
    detail: str
    source: str = "notes"
    path: str = ""
    locations: dict[str, Location] = field(default_factory=dict)


def kind_of(note_id: str, known: dict[str, str]) -> str:
    """The source kind: from this scan, else from the id a session note is given."""
    if note_id in known:
        return known[note_id]
    return next((p for p in SESSION_PREFIXES if note_id.startswith(p + "-")), "notes")


def _stage(record: NoteRecord, hashes: dict[str, str]) -> str:
    stage: str = record.error_kind or record.stage
    if record.batch_id:
        stage = "in-batch"
    if record.id in hashes and hashes[record.id] != record.content_hash:
        stage = "edited"
    return stage


def _unreadable_now(rows: list[StatusRow], scan: Scan) -> list[StatusRow]:
    """A note the state knows whose file the run now refuses (broken YAML, a link out of the
    folder) shows why, as the run does, instead of its last good stage. Matched by path, so a
    second file claiming a known id does not mark the first one."""
    reasons = {str(problem.path): problem.reason for problem in scan.problems}
    return [
        replace(row, stage="unreadable", detail=reasons[row.path]) if row.path in reasons else row
        for row in rows
    ]


def status_rows(settings: Settings) -> list[StatusRow]:
    """State joined with the sources, read-only: new, edited and waiting notes show up too."""
    try:
        scan = scan_sources(settings)
    except SourceError:
        scan = Scan()
    hashes = {note.id: note.content_hash for note in scan.notes}
    kinds = {note.id: note.source_kind for note in scan.notes}
    rows = []
    with StateStore.in_dir(settings.state_dir, snapshot=True) as state:
        for record in state.notes():
            pubs = state.publications(record.id, settings.target or "files")
            current = sorted(k for k, p in pubs.items() if p.published_hash == record.content_hash)
            rows.append(
                StatusRow(
                    record.id,
                    _stage(record, hashes),
                    current,
                    record.attempts,
                    record.updated_at,
                    record.last_error or record.skip_reason or "",
                    kind_of(record.id, kinds),
                    record.path,
                    locations_of(pubs, settings),
                )
            )
    rows = _unreadable_now(rows, scan)
    known = {row.note_id for row in rows}
    rows += [
        StatusRow(n.id, "new", [], 0, "", "", n.source_kind, str(n.path))
        for n in scan.notes
        if n.id not in known
    ]
    rows += [
        StatusRow(w.note_id, "waiting", [], 0, "", w.reason, kind_of(w.note_id, kinds))
        for w in scan.waiting
        if w.note_id not in known
    ]
    rows += [
        StatusRow(p.note_id, "unreadable", [], 0, "", p.reason, path=str(p.path))
        for p in scan.problems
        if p.note_id not in known
    ]
    return sorted(rows, key=lambda row: row.note_id)

"""Every configured source (``[[sources]]``) read into notes: note files and agent sessions.

A file is taken for what its content is, not where it lies: a Claude Code or Codex session in
``notes_dir`` is read as a session, and a session source takes both formats. Sessions still
being written (touched within ``sessions.idle_minutes``) wait for a later run; sessions outside a
source's filters are not notes at all. Every note, whatever its source, is built by
``source.note_from_parts``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from fnmatch import fnmatch
from pathlib import Path

from publisher.boundary import resolve_inside
from publisher.config import SessionSettings, Settings, SourceSettings
from publisher.errors import SourceError, UsageError
from publisher.models import RawNote
from publisher.sessions import session_kind
from publisher.sessions.notes import is_idle, last_activity, peek, session_note
from publisher.source import NOTE_SUFFIXES, SourceProblem, read_note

log = logging.getLogger("publisher.sources")
SESSION_SUFFIX = ".jsonl"


@dataclass(frozen=True)
class Waiting:
    """A session not taken this run, and why (still being written)."""

    note_id: str
    path: Path
    reason: str


@dataclass
class Scan:
    notes: list[RawNote] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)


Item = RawNote | SourceProblem | Waiting | None


def _candidates(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``folder`` with these suffixes; hidden paths and sub-agent files left out
    (a sub-agent's turns are read through the session that started it)."""
    if not folder.is_dir():
        raise SourceError(f"source folder not found: {folder}")
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in suffixes
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and "subagents" not in path.relative_to(folder).parts
    )


def _limits(source: SourceSettings, sessions: SessionSettings) -> tuple[int, int]:
    turns = sessions.min_user_turns if source.min_user_turns is None else source.min_user_turns
    lines = sessions.min_lines if source.min_lines is None else source.min_lines
    return turns, lines


def _active_since(path: Path, since: date | None) -> bool:
    if since is None:
        return True
    return datetime.fromtimestamp(last_activity(path), UTC).date() >= since


def read_session_item(
    path: Path, source: SourceSettings, settings: Settings, now: float | None = None
) -> Item:
    """One session file as a note, a problem, a wait, or None when a filter leaves it out."""
    kind = session_kind(path)
    if kind is None:
        return SourceProblem(path.stem, path, "not a Claude Code or Codex session")
    head = peek(path, kind)
    if source.project and not fnmatch(head.cwd, source.project):
        return None
    if not _active_since(path, source.since):
        return None
    if not is_idle(path, settings.sessions.idle_minutes, now):
        minutes = settings.sessions.idle_minutes
        return Waiting(head.note_id, path, f"written to in the last {minutes:g} min; waiting")
    try:
        read = session_note(path, kind, settings.sessions, settings.redact)
    except SourceError as exc:
        return SourceProblem(head.note_id, path, str(exc))
    min_turns, min_lines = _limits(source, settings.sessions)
    if read.info.user_turns < min_turns or read.lines < min_lines:
        log.debug("%s: left out: %d prompts, %d lines", path, read.info.user_turns, read.lines)
        return None
    return read.note


def _source_items(source: SourceSettings, settings: Settings, now: float | None) -> Iterator[Item]:
    suffixes = (*NOTE_SUFFIXES, SESSION_SUFFIX) if source.kind == "notes" else (SESSION_SUFFIX,)
    for folder in source.folders(settings.notes_dir):
        for path in _candidates(folder, suffixes):
            yield _file_item(path, folder, source, settings, now)


def _file_item(
    path: Path, folder: Path, source: SourceSettings, settings: Settings, now: float | None
) -> Item:
    """One candidate file as an item; a link leading out of its source folder is a problem.

    The boundary is checked before the file is even peeked at for a session header: a link to
    ``/etc/passwd`` or a blog's ``.env`` must not be read, classified or sent anywhere.
    """
    try:
        resolve_inside(path, folder)
        if path.suffix.lower() == SESSION_SUFFIX or session_kind(path) is not None:
            return read_session_item(path, source, settings, now)
        return read_note(path, settings.max_note_bytes, settings.redact, root=folder)
    except SourceError as exc:
        return SourceProblem(note_id=path.stem, path=path, reason=str(exc))


def scan_sources(
    settings: Settings, only: str | None = None, limit: int | None = None, now: float | None = None
) -> Scan:
    """Notes from every source in order; ``only`` keeps one id, ``limit`` the first N notes."""
    scan = Scan()
    seen: dict[str, Path] = {}
    for source in settings.sources:
        for item in _source_items(source, settings, now):
            if item is None or (only is not None and _id_of(item) != only):
                continue
            if isinstance(item, SourceProblem):
                scan.problems.append(item)
            elif isinstance(item, Waiting):
                scan.waiting.append(item)
            elif item.id in seen:
                reason = f"duplicate id, already used by {seen[item.id]}"
                scan.problems.append(SourceProblem(item.id, item.path, reason))
            else:
                seen[item.id] = item.path
                scan.notes.append(item)
    if limit is not None:
        scan.notes = scan.notes[:limit]
    return scan


def _id_of(item: RawNote | SourceProblem | Waiting) -> str:
    return item.id if isinstance(item, RawNote) else item.note_id


def find_note(settings: Settings, ref: str) -> RawNote:
    """A note by id (in any source) or by file path; a session path is recognised by content."""
    path = Path(ref)
    if path.is_file():
        kind = session_kind(path)
        if kind is None:
            return read_note(path, settings.max_note_bytes, settings.redact)
        return session_note(path, kind, settings.sessions, settings.redact).note
    scan = scan_sources(settings, only=ref, now=float("inf"))
    if scan.notes:
        return scan.notes[0]
    if scan.problems:
        problem = scan.problems[0]  # the CLI names the id; the file is the useful addition
        raise SourceError(f"{problem.path}: {problem.reason}")
    raise UsageError(not_found(settings, ref))


def not_found(settings: Settings, ref: str) -> str:
    """One line naming the folders that were searched."""
    folders = ", ".join(
        str(folder) for source in settings.sources for folder in source.folders(settings.notes_dir)
    )
    return f"note {ref!r} not found in {folders} (give an id or a path)"

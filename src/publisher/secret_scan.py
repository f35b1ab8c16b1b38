"""The I/O side of ``publisher scan``: which files to read, read with bounded memory.

References are files, folders (their note files, as the notes folder is walked, and the agent
sessions in them) or note ids in the notes folder. A session file is scanned as it lies on disk
(line numbers are its JSONL lines) and named by its session note id. Detection itself is
``publisher.redact.scan``; this module only finds and opens files, and names each hit by its
note id (front matter ``id``, the session id, or the file stem).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publisher.boundary import resolve_inside
from publisher.config import Settings
from publisher.errors import SourceError
from publisher.redact.scan import scan_chunks
from publisher.selector.lines import chunks_from_stream
from publisher.sessions import session_kind
from publisher.sessions.notes import peek
from publisher.source import note_files, read_notes


@dataclass(frozen=True)
class FileHit:
    note_id: str
    path: Path
    line: int
    kind: str
    masked: str


def _named(path: Path) -> tuple[str, Path]:
    """A file and its note id: an agent session (recognised by content) is named by its id."""
    kind = session_kind(path)
    return (peek(path, kind).note_id if kind else path.stem), path


def _session_files(folder: Path) -> list[Path]:
    return [
        path
        for path in sorted(folder.rglob("*.jsonl"))
        if "subagents" not in path.parts and session_kind(path) is not None
    ]


def _inside(folder: Path, files: list[Path], refused: list[str]) -> list[Path]:
    """The files of a walked folder that stay in it: a link leading out is not read (the same
    boundary ``run`` keeps), only named in ``refused``."""
    kept = []
    for file in files:
        try:
            resolve_inside(file, folder)
        except SourceError as exc:
            refused.append(f"{file}: {exc}")
            continue
        kept.append(file)
    return kept


def _files_for(settings: Settings, ref: str, refused: list[str]) -> list[tuple[str, Path]]:
    path = Path(ref)
    if path.is_dir():
        files = _inside(path, [*note_files(path), *_session_files(path)], refused)
        return [_named(file) for file in files]
    if path.is_file():
        return [_named(path)]
    for item in read_notes(settings.notes_dir, settings.max_note_bytes, settings.redact):
        item_id = getattr(item, "id", None) or getattr(item, "note_id", None)
        if item_id == ref:
            return [(ref, item.path)]
    raise SourceError(f"{ref!r} is neither a file, a folder nor a note id in {settings.notes_dir}")


def _scan_file(settings: Settings, note_id: str, path: Path) -> list[FileHit]:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as stream:
            return [
                FileHit(note_id, path, hit.line, hit.kind, hit.masked)
                for hit in scan_chunks(chunks_from_stream(stream), settings.redact)
            ]
    except OSError as exc:
        raise SourceError(f"{path}: cannot read file: {exc.strerror or exc}") from exc


def scan_refs(settings: Settings, refs: list[str]) -> tuple[list[FileHit], list[str]]:
    """Every hit in the referenced files (the whole notes folder when ``refs`` is empty), and
    one line per file of a walked folder that was refused because it links outside it."""
    targets: list[tuple[str, Path]] = []
    refused: list[str] = []
    for ref in refs or [str(settings.notes_dir)]:
        targets += _files_for(settings, ref, refused)
    hits: list[FileHit] = []
    for note_id, path in dict.fromkeys(targets):
        hits += _scan_file(settings, note_id, path)
    return hits, refused

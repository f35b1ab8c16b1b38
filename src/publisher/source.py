"""Reading raw notes from the notes folder.

Every failure becomes a ``SourceError`` naming the file and the cause, so one bad note never
stops the others. The front matter is split off exactly at the first ``---`` line pair (not
with a library that strips whitespace; :func:`publisher.markdown.split_front_matter`) because
the selector and its labels count body lines from the line after the closing ``---``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from publisher.boundary import open_no_follow, resolve_inside
from publisher.errors import SourceError, UsageError
from publisher.markdown import split_front_matter
from publisher.models import RawNote
from publisher.redact import DEFAULT_SETTINGS, Finding, Redacted, RedactSettings, redact

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
ID_RE = re.compile(r"^[\w][\w.-]{0,127}$")
FRONT_MATTER_KEYS = ("id", "title", "project", "created", "tags")
READ_CHUNK = 1 << 16  # bytes read at a time when a note is checked for NUL bytes


@dataclass(frozen=True)
class SourceProblem:
    """A note that could not be read; ``note_id`` is the best guess (the file stem)."""

    note_id: str
    path: Path
    reason: str


def too_large(size: int, max_bytes: int) -> SourceError:
    return SourceError(
        f"file is too large ({size / 1e6:.1f} MB > max_note_bytes {max_bytes / 1e6:.1f} MB)"
    )


def binary_file(offset: int) -> SourceError:
    return SourceError(f"binary file (NUL byte at offset {offset}), not a text note")


def decode_note(data: bytes, max_bytes: int) -> str:
    """Text from a note's bytes; a NUL anywhere (not only near the start) means it is not text."""
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes)
    if (nul := data.find(b"\x00")) >= 0:
        raise binary_file(nul)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise SourceError(f"not valid UTF-8 (byte {exc.start}: {bad!r})") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


class FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases: a few nested ``*refs`` (a "billion laughs" bomb) expand to
    gigabytes, and a note's front matter has no use for them, so the first alias is an error."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


def parse_front_matter(raw: str | None) -> dict[str, Any]:
    if raw is None or not raw.strip():
        return {}
    try:
        data = yaml.load(raw, Loader=FrontMatterLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise SourceError(f"front matter is not valid YAML{where}: {problem}") from exc
    if not isinstance(data, dict):
        raise SourceError(f"front matter must be a mapping of keys, got {type(data).__name__}")
    return {str(key): _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings so the front matter is JSON-able and hashes stably."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _optional_str(front: dict[str, Any], key: str) -> str | None:
    value = front.get(key)
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise SourceError(f"front matter {key!r} must be text, got {type(value).__name__}")
    return str(value).strip() or None


def _tags(front: dict[str, Any]) -> list[str]:
    value = front.get("tags")
    if value is None:
        return []
    if isinstance(value, str):
        value = [part for part in re.split(r"[,\s]+", value) if part]
    if not isinstance(value, list) or any(isinstance(tag, dict | list) for tag in value):
        raise SourceError("front matter 'tags' must be a list of words")
    return [str(tag).strip() for tag in value if str(tag).strip()]


def content_hash(front: dict[str, Any], body: str) -> str:
    """Hash of what changes the post: the front matter fields we use and the body."""
    used = {key: front.get(key) for key in FRONT_MATTER_KEYS}
    payload = json.dumps(used, sort_keys=True, ensure_ascii=False) + "\n" + body
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def parse_note(
    path: Path, data: bytes, max_bytes: int, redaction: RedactSettings = DEFAULT_SETTINGS
) -> RawNote:
    """A note file: the text is redacted before it is even split, so the front matter, the
    body, the hash and everything downstream hold placeholders, never secrets."""
    redacted = redact(decode_note(data, max_bytes), redaction)
    raw_front, body = split_front_matter(redacted.text)
    return _raw_note(path, parse_front_matter(raw_front), body, redacted)


def note_from_parts(
    path: Path,
    front: dict[str, Any],
    body: str,
    kind: str = "notes",
    redaction: RedactSettings = DEFAULT_SETTINGS,
) -> RawNote:
    """A note built from parts another reader produced (an agent session's transcript and the
    facts read from it), redacted like a note file: the body and every text field of the front
    matter (a session's title is its first prompt, which can hold a pasted token)."""
    findings: list[Finding] = []
    clean: dict[str, Any] = {}
    for key, value in front.items():
        if isinstance(value, str):
            done = redact(value, redaction)
            findings += done.findings
            value = done.text
        clean[key] = value
    done = redact(body, redaction)
    return _raw_note(path, clean, done.text, Redacted(done.text, (*findings, *done.findings)), kind)


def _raw_note(
    path: Path, front: dict[str, Any], body: str, redacted: Redacted, kind: str = "notes"
) -> RawNote:
    """The one place a RawNote is made, from text that is already redacted."""
    note_id = _optional_str(front, "id") or path.stem
    if not ID_RE.match(note_id):
        raise SourceError(f"id {note_id!r} must be letters, digits, '.', '_' or '-' (max 128)")
    if not body.strip():
        raise SourceError("empty note: nothing after the front matter")
    return RawNote(
        id=note_id,
        path=path,
        front_matter=front,
        title=_optional_str(front, "title"),
        project=_optional_str(front, "project"),
        created=_optional_str(front, "created"),
        tags=_tags(front),
        body=body,
        content_hash=content_hash(front, body),
        redactions=redacted.kinds,
        secrets=redacted.secrets,
        source_kind=kind,
    )


def read_note(
    path: Path,
    max_bytes: int,
    redaction: RedactSettings = DEFAULT_SETTINGS,
    root: Path | None = None,
) -> RawNote:
    """Read one note file; raises SourceError with the cause (the caller names the note).

    With ``root`` (the notes folder) the file must really be inside it, links resolved.
    """
    try:
        real = path.resolve() if root is None else resolve_inside(path, root)
        size = real.stat().st_size
        if size > max_bytes:
            raise too_large(size, max_bytes)
        data = read_note_bytes(real, max_bytes)
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror or exc}") from exc
    return parse_note(path, data, max_bytes, redaction)


def read_note_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, streamed: refused at the first NUL or once past ``max_bytes``.

    A binary file is refused without being read whole, and a file that grew after its size was
    checked cannot slip a NUL (or megabytes) past the limit into the prompt.
    """
    chunks: list[bytes] = []
    total = 0
    with open_no_follow(path) as handle:
        while chunk := handle.read(READ_CHUNK):
            if (nul := chunk.find(b"\x00")) >= 0:
                raise binary_file(total + nul)
            total += len(chunk)
            if total > max_bytes:
                raise too_large(total, max_bytes)
            chunks.append(chunk)
    return b"".join(chunks)


def note_files(notes_dir: Path) -> list[Path]:
    if not notes_dir.is_dir():
        raise SourceError(f"notes folder not found: {notes_dir}")
    return sorted(
        path
        for path in notes_dir.rglob("*")
        if path.is_file()
        and path.suffix.lower() in NOTE_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(notes_dir).parts)
    )


def read_notes(
    notes_dir: Path, max_bytes: int, redaction: RedactSettings = DEFAULT_SETTINGS
) -> Iterator[RawNote | SourceProblem]:
    """Every note in the folder, in path order; bad ones come back as SourceProblem."""
    seen: dict[str, Path] = {}
    for path in note_files(notes_dir):
        try:
            note = read_note(path, max_bytes, redaction, root=notes_dir)
        except SourceError as exc:
            yield SourceProblem(note_id=path.stem, path=path, reason=str(exc))
            continue
        if note.id in seen:
            yield SourceProblem(
                note_id=note.id, path=path, reason=f"duplicate id, already used by {seen[note.id]}"
            )
            continue
        seen[note.id] = path
        yield note


def load_notes(
    notes_dir: Path,
    max_bytes: int,
    only: str | None = None,
    limit: int | None = None,
    redaction: RedactSettings = DEFAULT_SETTINGS,
) -> tuple[list[RawNote], list[SourceProblem]]:
    """The folder's notes and problems; ``only`` keeps one id, ``limit`` the first N notes."""
    notes: list[RawNote] = []
    problems: list[SourceProblem] = []
    for item in read_notes(notes_dir, max_bytes, redaction):
        if isinstance(item, SourceProblem):
            if only is None or item.note_id == only:
                problems.append(item)
        elif only is None or item.id == only:
            notes.append(item)
    if limit is not None:
        notes = notes[:limit]
    return notes, problems


def find_note(
    notes_dir: Path, max_bytes: int, ref: str, redaction: RedactSettings = DEFAULT_SETTINGS
) -> RawNote:
    """A note by id (in the notes folder) or by file path."""
    path = Path(ref)
    if path.is_file():
        return read_note(path, max_bytes, redaction)
    notes, problems = load_notes(notes_dir, max_bytes, only=ref, redaction=redaction)
    if notes:
        return notes[0]
    if problems:
        raise SourceError(f"note {ref}: {problems[0].reason}")
    raise UsageError(f"note {ref!r} not found in {notes_dir} (give an id or a path)")

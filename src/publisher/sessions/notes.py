"""One session file as one note: its id, title, date and project come from the session itself.

The id is stable across runs and resumes (``claude-code-<session id>``), so a session that grows
after it was published is an edit of the same note and updates the same documents.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from publisher.config import SessionSettings
from publisher.errors import SourceError
from publisher.models import RawNote
from publisher.redact import DEFAULT_SETTINGS, RedactSettings
from publisher.sessions import RenderOptions, SessionKind, render_session
from publisher.sessions.events import SessionInfo
from publisher.sessions.jsonl import first_records
from publisher.source import note_from_parts

TITLE_MAX = 120
UNSAFE_ID_RE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class SessionNote:
    note: RawNote
    info: SessionInfo
    lines: int


def render_options(settings: SessionSettings) -> RenderOptions:
    return RenderOptions(
        head=settings.output_head,
        tail=settings.output_tail,
        signal_lines=settings.output_signal_lines,
        fold_sidechains=settings.sidechains == "fold",
    )


def note_id_for(kind: str, session_id: str) -> str:
    return f"{kind}-{UNSAFE_ID_RE.sub('-', session_id)}"[:128]


@dataclass(frozen=True)
class Peek:
    note_id: str
    cwd: str


def peek(path: Path, kind: SessionKind) -> Peek:
    """Id and working directory from the first records only, before reading the session."""
    session_id = cwd = ""
    for record in first_records(path, limit=16):
        payload = record.get("payload") if kind == "codex" else record
        if not isinstance(payload, dict):
            continue
        found = payload.get("sessionId") if kind == "claude-code" else payload.get("id")
        session_id = session_id or (found if isinstance(found, str) else "")
        cwd = cwd or (payload["cwd"] if isinstance(payload.get("cwd"), str) else "")
    return Peek(note_id_for(kind, session_id or path.stem), cwd)


def title_of(info: SessionInfo) -> str | None:
    """The session's summary record, else its first prompt's first line."""
    text = (info.summary or info.first_prompt).strip()
    first = text.splitlines()[0].strip() if text else ""
    if len(first) > TITLE_MAX:
        first = first[: TITLE_MAX - 1].rstrip() + "…"
    return first or None


def session_note(
    path: Path,
    kind: SessionKind,
    settings: SessionSettings,
    redaction: RedactSettings = DEFAULT_SETTINGS,
) -> SessionNote:
    """Read, render and wrap one session (redacted like every note); SourceError when it holds
    no conversation."""
    try:
        rendered = render_session(path, kind, render_options(settings))
    except OSError as exc:
        raise SourceError(f"cannot read session: {exc.strerror or exc}") from exc
    info = rendered.info
    if not rendered.body.strip():
        raise SourceError(f"{kind} session with no conversation in it")
    front: dict[str, object] = {
        "id": note_id_for(kind, info.session_id or path.stem),
        "title": title_of(info),
        "project": Path(info.cwd).name if info.cwd else None,
        "created": info.first_timestamp or None,
        "source": kind,
    }
    kept = {key: value for key, value in front.items() if value}
    note = note_from_parts(path, kept, rendered.body, kind, redaction)
    return SessionNote(note=note, info=info, lines=rendered.lines)


def last_activity(path: Path, tail_bytes: int = 65_536) -> float:
    """When the agent last wrote to the session: the newest record timestamp in the file's
    tail, so a session copied or restored today still counts as old; the file's modification
    time when no record carries one."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        stream.seek(max(0, size - tail_bytes))
        tail = stream.read().split(b"\n")
    for raw in reversed(tail):
        stamp = _timestamp(raw)
        if stamp is not None:
            return stamp
    return path.stat().st_mtime


def _timestamp(raw: bytes) -> float | None:
    try:
        record = json.loads(raw)
        return datetime.fromisoformat(str(record["timestamp"])).timestamp()
    except (ValueError, TypeError, KeyError):
        return None


def is_idle(path: Path, idle_minutes: float, now: float | None = None) -> bool:
    """A session the agent wrote to less than ``idle_minutes`` ago is probably still going."""
    now = time.time() if now is None else now
    return now - last_activity(path) >= idle_minutes * 60

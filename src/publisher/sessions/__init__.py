"""Agent sessions (Claude Code, Codex) read as notes.

A session file is recognised by its content (``session_kind``), read line by line by the reader
for its format, and rendered (``render_session``) to the terminal-transcript text the selector
knows. ``publisher.sessions.notes`` turns the result into a ``RawNote``; see docs/sources.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from publisher.sessions.claude_code import ClaudeCodeReader, is_claude_code
from publisher.sessions.codex import CodexReader, is_codex
from publisher.sessions.events import SessionInfo
from publisher.sessions.jsonl import first_records
from publisher.sessions.render import Renderer, RenderOptions

SessionKind = Literal["claude-code", "codex"]
__all__ = ["RenderOptions", "RenderedSession", "SessionKind", "render_session", "session_kind"]


def session_kind(path: Path) -> SessionKind | None:
    """Which agent wrote this file, judged by its first records, or None if it is no session."""
    first = first_records(path)
    if not first:
        return None
    if is_codex(first):
        return "codex"
    if is_claude_code(first):
        return "claude-code"
    return None


@dataclass(frozen=True)
class RenderedSession:
    info: SessionInfo
    body: str
    lines: int


def render_session(
    path: Path, kind: SessionKind, options: RenderOptions | None = None
) -> RenderedSession:
    """Read and render one session, streaming: records are decoded and dropped one by one."""
    options = options or RenderOptions()
    info = SessionInfo(kind=kind)
    if kind == "codex":
        events = CodexReader(path, info).events()
    else:
        events = ClaudeCodeReader(path, info, fold_sidechains=options.fold_sidechains).events()
    lines = list(Renderer(options).lines(events))
    while lines and not lines[-1]:
        lines.pop()
    return RenderedSession(info=info, body="\n".join(lines) + "\n", lines=len(lines))

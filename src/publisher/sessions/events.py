"""What a session says, independent of the agent that recorded it.

Both readers (Claude Code, Codex) turn their records into this small vocabulary and the renderer
turns it into the transcript text the selector knows. Keeping the vocabulary closed means a new
agent format needs only a reader, and that private reasoning can never reach the renderer: there
is no event for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Prompt:
    """Something the user typed (images become a short marker)."""

    text: str


@dataclass(frozen=True, slots=True)
class Prose:
    """The assistant's visible answer text."""

    text: str


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool the assistant called: its terminal name, the argument shown in parentheses, and
    for edits the changed lines (``- old`` / ``+ new``) that tell what the fix was."""

    name: str
    label: str
    call_id: str = ""
    changes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ToolOutput:
    """What a tool returned; ``images`` counts image blocks, shown as a marker."""

    call_id: str
    text: str
    is_error: bool = False
    images: int = 0


@dataclass(frozen=True, slots=True)
class Summary:
    """A compaction summary: the agent's own recap of an earlier part of the session."""

    text: str


@dataclass(frozen=True, slots=True)
class Sidechain:
    """A sub-agent's turns, folded under the call that started them."""

    call_id: str
    events: tuple[Event, ...]


Event = Prompt | Prose | ToolCall | ToolOutput | Summary | Sidechain


@dataclass
class SessionInfo:
    """Facts about the session gathered while its records stream past."""

    kind: str
    session_id: str = ""
    cwd: str = ""
    first_timestamp: str = ""
    last_timestamp: str = ""
    summary: str = ""
    first_prompt: str = ""
    user_turns: int = 0
    skipped_lines: list[int] = field(default_factory=list)

    def saw_timestamp(self, value: object) -> None:
        if isinstance(value, str) and value:
            self.first_timestamp = self.first_timestamp or value
            self.last_timestamp = value

    def saw_prompt(self, text: str) -> None:
        self.user_turns += 1
        if not self.first_prompt:
            self.first_prompt = text

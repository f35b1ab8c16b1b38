"""Reading a Claude Code session (``~/.claude/projects/<project>/<session-id>.jsonl``).

Learned from files the real CLI wrote (tests/data/sessions/claude_code, recorded by
tests/data/sessions/make_claude_code_fixtures.py) and simonw/claude-code-transcripts' fixture:
each conversation record has ``type`` ``user`` or ``assistant`` and the API message under
``message``; content is a string or a list of ``text``, ``thinking``, ``tool_use``,
``tool_result`` and ``image`` blocks. Everything else (``summary``, ``system``, ``progress``,
``attachment``, ``file-history-snapshot``, ``queue-operation``, ``last-prompt`` …) is not
conversation. ``isMeta`` records are harness text the user never typed; ``isCompactSummary`` is
the recap written when the context was compacted. Sub-agent turns are either inline with
``isSidechain: true`` (older versions) or in ``<session-id>/subagents/agent-<id>.jsonl``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from publisher.sessions.events import (
    Event,
    Prompt,
    Prose,
    SessionInfo,
    Sidechain,
    Summary,
    ToolCall,
    ToolOutput,
)
from publisher.sessions.jsonl import Record, records
from publisher.sessions.tools import strip_line_numbers, tool_call

CONVERSATION = frozenset({"user", "assistant"})
AGENT_TOOLS = frozenset({"Task", "Agent"})
REMINDER_RE = re.compile(r"<system-reminder>.*?</system-reminder>\s*", re.S)
AGENT_ID_RE = re.compile(r"agentId: (\w+)")
BASH_IO_RE = re.compile(r"<(bash-input|bash-stdout|bash-stderr)>(.*?)</\1>", re.S)
# Slash commands and their local output are the harness talking, not the session's story.
HARNESS_PREFIXES = (
    "<command-name>",
    "<command-message>",
    "<local-command-stdout>",
    "<local-command-stderr>",
    "<local-command-caveat>",
    "[Request interrupted by user",
    "Caveat: The messages below were generated",
)
NO_CONTENT = "(no content)"  # the placeholder text block of an answer that was only a tool call
USAGE_RE = re.compile(r"\n?agentId: \w+.*", re.S)


def is_claude_code(first: list[Record]) -> bool:
    """Claude Code records carry ``sessionId`` and a ``type`` of its own vocabulary."""
    for record in first:
        kind = record.get("type")
        if kind in CONVERSATION and isinstance(record.get("message"), dict):
            return True
        if kind in ("summary", "file-history-snapshot", "queue-operation") or (
            "sessionId" in record and "uuid" in record
        ):
            return True
    return False


class ClaudeCodeReader:
    """One pass over a session file, yielding events; ``info`` fills in as it goes."""

    def __init__(self, path: Path, info: SessionInfo, *, fold_sidechains: bool = True) -> None:
        self.path = path
        self.info = info
        self.fold = fold_sidechains
        self._names: dict[str, str] = {}
        self._seen: set[str] = set()
        self._open_agents: list[str] = []
        self._inline: dict[str, list[Event]] = {}

    def events(self) -> Iterator[Event]:
        for record in records(self.path, self.info.skipped_lines):
            yield from self._record(record)

    def _record(self, record: Record) -> Iterator[Event]:
        kind = record.get("type")
        self._meta(record)
        if kind == "summary" and isinstance(record.get("summary"), str):
            self.info.summary = self.info.summary or record["summary"]
            return
        if kind not in CONVERSATION or record.get("isMeta"):
            return
        uuid = record.get("uuid")
        if isinstance(uuid, str):
            if uuid in self._seen:  # a resumed session repeats the records it continues
                return
            self._seen.add(uuid)
        message = record.get("message")
        if not isinstance(message, dict):
            return
        events = list(self._message(kind, message, record))
        if record.get("isSidechain") and not self._in_subagent_file():
            self._fold_inline(events)
            return
        for event in events:
            yield from self._with_sidechain(event)

    def _meta(self, record: Record) -> None:
        self.info.saw_timestamp(record.get("timestamp"))
        if not self.info.session_id and isinstance(record.get("sessionId"), str):
            self.info.session_id = record["sessionId"]
        if not self.info.cwd and isinstance(record.get("cwd"), str):
            self.info.cwd = record["cwd"]

    def _in_subagent_file(self) -> bool:
        return self.path.parent.name == "subagents"

    def _message(self, kind: str, message: dict[str, Any], record: Record) -> Iterator[Event]:
        content = message.get("content")
        if record.get("isCompactSummary"):
            yield Summary(_text_of(content))
            return
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        for block in blocks or []:
            if isinstance(block, dict):
                yield from self._block(kind, block)

    def _block(self, kind: str, block: dict[str, Any]) -> Iterator[Event]:
        btype = block.get("type")
        if btype == "text" and isinstance(block.get("text"), str):
            yield from self._text(kind, block["text"])
        elif btype == "image":
            yield Prompt("[image]") if kind == "user" else Prose("[image]")
        elif btype == "tool_use":
            call_id, name = str(block.get("id", "")), str(block.get("name", ""))
            call = tool_call(name, block.get("input"), call_id, self.info.cwd)
            self._names[call_id] = name
            if call is not None:
                if name in AGENT_TOOLS:
                    self._open_agents.append(call_id)
                yield call
        elif btype == "tool_result":
            yield from self._result(block)
        # thinking and redacted_thinking blocks are private reasoning: never rendered

    def _text(self, kind: str, text: str) -> Iterator[Event]:
        text = REMINDER_RE.sub("", text).strip()
        if not text or text == NO_CONTENT:
            return
        if kind == "assistant":
            yield Prose(text)
            return
        bash = BASH_IO_RE.findall(text)
        if bash:
            yield from _bash_mode(bash)
            return
        if text.startswith(HARNESS_PREFIXES):
            return
        self.info.saw_prompt(text)
        yield Prompt(text)

    def _result(self, block: dict[str, Any]) -> Iterator[Event]:
        call_id = str(block.get("tool_use_id", ""))
        name = self._names.get(call_id, "")
        if name in ("TodoWrite", "TodoRead", "ExitPlanMode", "Skill"):
            return
        text, images = _result_content(block.get("content"))
        text = REMINDER_RE.sub("", text)  # the harness appends reminders to some results
        if name == "Read":
            text = strip_line_numbers(text)
        if name in AGENT_TOOLS:
            yield from self._subagent_file(text, call_id)
            text = USAGE_RE.sub("", text).strip()
        yield ToolOutput(call_id, text, bool(block.get("is_error")), images)

    def _subagent_file(self, text: str, call_id: str) -> Iterator[Event]:
        """Newer versions keep a sub-agent in its own file, named by the id in the result."""
        if call_id in self._open_agents:
            self._open_agents.remove(call_id)
        match = AGENT_ID_RE.search(text)
        if not (self.fold and match):
            return
        sub = self.path.with_suffix("") / "subagents" / f"agent-{match.group(1)}.jsonl"
        if sub.is_file():
            reader = ClaudeCodeReader(sub, SessionInfo(kind="claude-code"), fold_sidechains=False)
            yield Sidechain(call_id, tuple(reader.events()))

    def _fold_inline(self, events: list[Event]) -> None:
        if self.fold and self._open_agents:
            self._inline.setdefault(self._open_agents[-1], []).extend(events)

    def _with_sidechain(self, event: Event) -> Iterator[Event]:
        if isinstance(event, ToolOutput) and event.call_id in self._inline:
            yield Sidechain(event.call_id, tuple(self._inline.pop(event.call_id)))
        yield event


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "\n".join(
        block.get("text", "")
        for block in content or []
        if isinstance(block, dict) and block.get("type") == "text"
    )


def _result_content(content: Any) -> tuple[str, int]:
    """Tool result text and image count; content is a string or a list of blocks."""
    if isinstance(content, str):
        return content, 0
    texts, images = [], 0
    for block in content or []:
        if not isinstance(block, dict):
            continue
        if block.get("type") == "image":
            images += 1
        elif isinstance(block.get("text"), str):
            texts.append(block["text"])
    return "\n".join(texts), images


def _bash_mode(parts: list[tuple[str, str]]) -> Iterator[Event]:
    """``!command`` typed in the prompt: recorded as tagged text, shown as a Bash call."""
    for tag, body in parts:
        if tag == "bash-input":
            yield ToolCall("Bash", body.strip(), call_id="bash-mode")
        elif body.strip():
            yield ToolOutput("bash-mode", body.strip(), is_error=tag == "bash-stderr")


__all__ = ["ClaudeCodeReader", "ToolCall", "is_claude_code"]

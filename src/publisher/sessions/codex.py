"""Reading a Codex CLI rollout (``~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl``).

Format from openai/codex (``codex-rs/protocol``: ``RolloutLine``, ``RolloutItem``,
``ResponseItem``): every line is ``{"timestamp", "type", "payload"}`` with ``type`` one of
``session_meta`` (id, cwd, …), ``response_item`` (``message`` with ``input_text`` /
``output_text`` / ``input_image`` content, ``function_call`` with JSON-string ``arguments``,
``function_call_output`` with ``output`` a string, ``custom_tool_call`` such as ``apply_patch``,
``reasoning``), ``compacted`` (a summary ``message``), ``turn_context`` and ``event_msg`` (UI
events that repeat the messages). Reasoning is never read; ``event_msg`` is left out because the
same turns arrive as response items.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from publisher.sessions.events import (
    Event,
    Prompt,
    Prose,
    SessionInfo,
    Summary,
    ToolCall,
    ToolOutput,
)
from publisher.sessions.jsonl import Record, records
from publisher.sessions.tools import changed_lines, one_line, tool_call

ROLLOUT_TYPES = frozenset({"session_meta", "response_item", "event_msg", "turn_context"})
SHELL_TOOLS = frozenset({"shell", "container.exec", "local_shell", "shell_command", "exec_command"})
# Context the harness injects as user messages on every turn.
INJECTED_PREFIXES = (
    "<environment_context>",
    "<user_instructions>",
    "<permissions instructions>",
    "<user_shell_command>",
    "# AGENTS.md instructions",
    "<INSTRUCTIONS>",
)
OUTPUT_NOISE_RE = re.compile(r"^(?:Wall time|Chunk ID|Original token count|Total output lines):")
CWD_RE = re.compile(r"^<environment_context>.*?<cwd>(.*?)</cwd>", re.S)
PATCH_FILE_RE = re.compile(r"^\*\*\* (?:Update|Add|Delete) File: (.+)$", re.M)


def is_codex(first: list[Record]) -> bool:
    """Rollout lines are ``{"timestamp", "type", "payload"}`` with the rollout vocabulary; the
    2025 files before that envelope start with a bare ``{"id", "timestamp", "instructions"}``
    header, then ``{"record_type": "state"}`` markers and bare response items."""
    return any(
        (record.get("type") in ROLLOUT_TYPES and isinstance(record.get("payload"), dict))
        or record.get("record_type") == "state"
        or ("type" not in record and "id" in record and "instructions" in record)
        for record in first
    )


def shell_command(arguments: dict[str, Any]) -> str:
    """``["bash", "-lc", "pytest -q"]`` is shown as ``pytest -q``, as the user would type it."""
    command = arguments.get("command", arguments.get("cmd", ""))
    if isinstance(command, list):
        parts = [str(part) for part in command]
        if len(parts) >= 3 and parts[1] in ("-lc", "-c"):
            return parts[2]
        return " ".join(parts)
    return str(command)


def patch_call(patch: str, call_id: str) -> ToolCall:
    """An ``apply_patch`` call as an Update of its files, keeping the changed lines."""
    files = ", ".join(PATCH_FILE_RE.findall(patch)) or "patch"
    removed = [line[1:] for line in patch.splitlines() if line.startswith("-")]
    added = [line[1:] for line in patch.splitlines() if line.startswith("+")]
    changes = changed_lines("\n".join(removed), "\n".join(added))
    return ToolCall("Update", one_line(files), call_id, tuple(changes))


def output_text(output: Any) -> tuple[str, bool]:
    """The text of a call's output and whether it failed; older rollouts wrap it in JSON."""
    if isinstance(output, list):
        return "\n".join(str(i.get("text", "")) for i in output if isinstance(i, dict)), False
    text = str(output or "")
    failed = False
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("output"), str):
            code = (data.get("metadata") or {}).get("exit_code")
            failed = isinstance(code, int) and code != 0
            text = (f"Exit code {code}\n" if failed else "") + data["output"]
    lines = [line for line in text.splitlines() if not OUTPUT_NOISE_RE.match(line)]
    if lines and lines[0] == "Output:":
        lines = lines[1:]
    return "\n".join(lines).strip("\n"), failed


class CodexReader:
    """One pass over a rollout, yielding events; ``info`` fills in as it goes."""

    def __init__(self, path: Path, info: SessionInfo) -> None:
        self.path = path
        self.info = info

    def events(self) -> Iterator[Event]:
        for record in records(self.path, self.info.skipped_lines):
            self.info.saw_timestamp(record.get("timestamp"))
            payload = record.get("payload")
            if not isinstance(payload, dict):
                yield from self._bare(record)
                continue
            kind = record.get("type")
            if kind in ("session_meta", "turn_context"):
                self._meta(payload)
            elif kind == "compacted" and isinstance(payload.get("message"), str):
                yield Summary(payload["message"])
            elif kind == "response_item":
                yield from self._item(payload)

    def _bare(self, record: Record) -> Iterator[Event]:
        """A line of the envelope-less 2025 format: the header, a state marker or an item."""
        if "type" in record:
            yield from self._item(record)
        elif "id" in record and "record_type" not in record:
            self._meta(record)

    def _meta(self, payload: dict[str, Any]) -> None:
        nested = payload.get("meta")
        meta: dict[str, Any] = nested if isinstance(nested, dict) else payload
        if not self.info.session_id:
            self.info.session_id = str(meta.get("id") or meta.get("session_id") or "")
        if not self.info.cwd and isinstance(meta.get("cwd"), str):
            self.info.cwd = meta["cwd"]

    def _item(self, item: dict[str, Any]) -> Iterator[Event]:
        kind = item.get("type")
        call_id = str(item.get("call_id", ""))
        if kind == "message":
            yield from self._message(item)
        elif kind in ("function_call", "custom_tool_call", "local_shell_call"):
            call = self._call(item, call_id)
            if call is not None:
                yield call
        elif kind in ("function_call_output", "custom_tool_call_output"):
            text, failed = output_text(item.get("output"))
            yield ToolOutput(call_id, text, failed)
        # reasoning (summary, content, encrypted_content) is private: never read

    def _message(self, item: dict[str, Any]) -> Iterator[Event]:
        role = item.get("role")
        for block in item.get("content") or []:
            if not isinstance(block, dict):
                continue
            btype, text = block.get("type"), str(block.get("text", "")).strip()
            if btype == "input_image":
                yield Prompt("[image]")
            elif role == "user" and btype == "input_text" and text:
                self._context_cwd(text)
                if not text.startswith(INJECTED_PREFIXES):
                    self.info.saw_prompt(text)
                    yield Prompt(text)
            elif role == "assistant" and btype == "output_text" and text:
                yield Prose(text)

    def _context_cwd(self, text: str) -> None:
        """Old rollouts have no ``cwd`` in their header, only in the injected context."""
        match = CWD_RE.search(text) if not self.info.cwd else None
        if match:
            self.info.cwd = match.group(1).strip()

    def _call(self, item: dict[str, Any], call_id: str) -> ToolCall | None:
        name = str(item.get("name", ""))
        if item.get("type") == "local_shell_call":
            action = item.get("action") or {}
            return ToolCall("Bash", one_line(shell_command(action)), call_id)
        raw = item.get("input") if item.get("type") == "custom_tool_call" else item.get("arguments")
        if name == "apply_patch":
            patch = raw if isinstance(raw, str) else ""
            if patch.startswith("{"):
                patch = str(_json(patch).get("input", ""))
            return patch_call(patch, call_id)
        arguments = _json(raw) if isinstance(raw, str) else {}
        if name in SHELL_TOOLS:
            command = shell_command(arguments)
            if command.lstrip().startswith("apply_patch"):
                return patch_call(command, call_id)
            return ToolCall("Bash", one_line(command), call_id)
        return tool_call(name, arguments or raw, call_id, self.info.cwd)


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {"input": text}
    return value if isinstance(value, dict) else {"input": value}

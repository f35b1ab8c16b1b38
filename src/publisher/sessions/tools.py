"""How a tool call looks in a terminal transcript: ``⏺ Bash(command)``, ``⏺ Update(path)``.

Shared by both readers so the same action reads the same whichever agent ran it. An edit keeps
only its changed lines (``- old`` / ``+ new``): that is where a session's fix usually is, and the
unchanged context around it is what the selector would have to throw away anyway.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from publisher.sessions.events import ToolCall

LABEL_MAX = 240
CHANGES_MAX = 16
WRITE_PREVIEW = 10
# Tool calls that narrate the agent's bookkeeping, not the work: left out with their output.
SILENT_TOOLS = frozenset({"TodoWrite", "TodoRead", "update_plan", "ExitPlanMode", "Skill"})
RENAMED = {"Edit": "Update", "MultiEdit": "Update", "Task": "Task", "Agent": "Task"}
PATH_KEYS = ("file_path", "notebook_path", "path")
LABEL_KEYS = ("command", "cmd", "pattern", "url", "query", "description", "prompt")
NUMBERED_RE = re.compile(r"^\s*\d+(?:\t|→)")


def relative(path: str, cwd: str) -> str:
    """Paths inside the session's project are shown relative to it, as the terminal does."""
    if cwd and path.startswith(cwd.rstrip("/") + "/"):
        return path[len(cwd.rstrip("/")) + 1 :]
    return path


def one_line(text: str) -> str:
    """A command or argument on one line: the first line, marked when more was cut."""
    lines = text.strip().splitlines() or [""]
    first = lines[0]
    if len(lines) > 1:
        first += " …"
    return first if len(first) <= LABEL_MAX else first[: LABEL_MAX - 1] + "…"


def changed_lines(old: str, new: str) -> list[str]:
    """The lines an edit removed and added, in order, without the unchanged context."""
    before, after = old.splitlines(), new.splitlines()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        out += [f"- {line}" for line in before[i1:i2]]
        out += [f"+ {line}" for line in after[j1:j2]]
    return _capped(out)


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= CHANGES_MAX:
        return lines
    return [*lines[:CHANGES_MAX], f"… +{len(lines) - CHANGES_MAX} changed lines"]


def _edits(name: str, data: dict[str, Any]) -> tuple[str, ...]:
    if name == "MultiEdit":
        out: list[str] = []
        for edit in data.get("edits") or []:
            if isinstance(edit, dict):
                out += changed_lines(
                    str(edit.get("old_string", "")), str(edit.get("new_string", ""))
                )
        return tuple(_capped(out))
    if name == "Edit":
        return tuple(
            changed_lines(str(data.get("old_string", "")), str(data.get("new_string", "")))
        )
    if name == "Write":
        lines = str(data.get("content", "")).splitlines()
        shown = [f"+ {line}" for line in lines[:WRITE_PREVIEW]]
        if len(lines) > WRITE_PREVIEW:
            shown.append(f"… +{len(lines) - WRITE_PREVIEW} lines")
        return tuple(shown)
    return ()


def label_of(data: dict[str, Any], cwd: str) -> str:
    """The argument a terminal shows in parentheses: a path, a command, a pattern."""
    for key in PATH_KEYS:
        if isinstance(data.get(key), str) and key != "path":
            return relative(data[key], cwd)
    for key in LABEL_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return one_line(value)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return one_line(" ".join(value))
    if isinstance(data.get("path"), str):
        return relative(data["path"], cwd)
    return one_line(json.dumps(data, ensure_ascii=False, sort_keys=True)) if data else ""


def tool_call(name: str, data: Any, call_id: str, cwd: str) -> ToolCall | None:
    """The transcript form of one call, or None for bookkeeping tools."""
    if name in SILENT_TOOLS:
        return None
    arguments = data if isinstance(data, dict) else {"input": data}
    return ToolCall(
        name=RENAMED.get(name, name),
        label=label_of(arguments, cwd),
        call_id=call_id,
        changes=_edits(name, arguments),
    )


def strip_line_numbers(text: str) -> str:
    """``cat -n`` style numbers (``   12\\tcode``) that the Read tool adds are not content."""
    lines = text.splitlines()
    if lines and sum(bool(NUMBERED_RE.match(line)) for line in lines) >= len(lines) * 0.8:
        return "\n".join(NUMBERED_RE.sub("", line, count=1) for line in lines)
    return text

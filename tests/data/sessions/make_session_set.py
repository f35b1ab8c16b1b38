"""Write the labelled session set and the Codex fixtures: stories in the real file formats.

    .venv/bin/python tests/data/sessions/make_session_set.py

Each story is a short debugging session (the problem, the decisive error, the root cause, the
fix, the numbers) buried in the bulk real sessions have: exploration calls, long logs, private
thinking, planted secrets, sub-agents, a compaction, a truncated last line. Claude Code records
copy the fields of the files the real CLI 2.1.197 wrote (claude_code/billing); Codex lines follow
openai/codex ``RolloutLine``. Labels list the must-have snippets, the thinking text and the
secrets, all as exact text. Deterministic (seeded), so re-running reproduces the files.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any

from session_stories import HELDOUT, STORIES, Story

HERE = Path(__file__).resolve().parent
T0 = "2026-11-{day:02d}T{h:02d}:{m:02d}:{s:02d}.{ms:03d}Z"


class Clock:
    def __init__(self, day: int) -> None:
        self.day, self.seconds = day, 9 * 3600

    def tick(self, step: int = 7) -> str:
        self.seconds += step
        h, rest = divmod(self.seconds, 3600)
        return T0.format(day=self.day, h=h % 24, m=rest // 60, s=rest % 60, ms=step * 13 % 1000)


def filler(rng: random.Random, story: Story, n: int) -> list[tuple[Any, ...]]:
    """Exploration the story does not need: listings, reads, chatter, greps, long logs."""
    steps: list[tuple[Any, ...]] = []
    files = story.files or ["src/app.py", "src/config.py", "tests/test_app.py"]
    for i in range(n):
        kind = rng.choice(["ls", "read", "say", "grep", "log", "status"])
        path = rng.choice(files)
        if kind == "ls":
            listing = "\n".join(
                f"-rw-r--r--  1 dev  staff  {rng.randint(200, 9000)} {f}" for f in files
            )
            steps.append(("bash", "ls -la " + path.rsplit("/", 1)[0], listing, False))
        elif kind == "read":
            code = "\n".join(
                f"    value_{j} = compute({j}, option={j % 3})" for j in range(rng.randint(20, 90))
            )
            steps.append(("read", path, f"def handler():\n{code}\n    return value_0"))
        elif kind == "say":
            steps.append(("say", rng.choice(story.chatter)))
        elif kind == "grep":
            hits = "\n".join(
                f"{path}:{rng.randint(1, 300)}:    helper_{j}()" for j in range(rng.randint(2, 12))
            )
            steps.append(("bash", f"grep -rn helper_{i} src", hits, False))
        elif kind == "log":
            lines = "\n".join(
                f"2026-11-20T10:{j // 60 % 60:02d}:{j % 60:02d}Z INFO worker-{j % 4} "
                f"request ok in {rng.randint(3, 40)}ms"
                for j in range(rng.randint(60, 400))
            )
            steps.append(("bash", "tail -n 400 logs/app.log", lines, False))
        else:
            steps.append(("bash", "git status --short", " M " + path, False))
    return steps


def expanded(story: Story) -> list[tuple[Any, ...]]:
    """The story's own steps with filler spread between them."""
    rng = random.Random(story.name)
    out: list[tuple[Any, ...]] = []
    for index, step in enumerate(story.steps):
        out.append(step)
        if step[0] != "user" and index < len(story.steps) - 1:
            out += filler(rng, story, story.filler // max(1, len(story.steps)))
    return out


class ClaudeCodeWriter:
    """Records with the fields Claude Code 2.1.197 writes (see claude_code/billing)."""

    def __init__(self, story: Story) -> None:
        self.story, self.clock = story, Clock(story.day)
        self.session = str(uuid.UUID(int=random.Random(story.name).getrandbits(128)))
        self.parent: str | None = None
        self.lines: list[dict[str, Any]] = []
        self.ids = 0
        self.sidechain = False

    def _uuid(self) -> str:
        self.ids += 1
        return str(uuid.UUID(int=(uuid.UUID(self.session).int + self.ids) % 2**128))

    def _base(self, kind: str) -> dict[str, Any]:
        uid = self._uuid()
        record = {
            "parentUuid": self.parent,
            "isSidechain": self.sidechain,
            "type": kind,
            "uuid": uid,
            "timestamp": self.clock.tick(),
            "userType": "external",
            "entrypoint": "cli",
            "cwd": self.story.cwd,
            "sessionId": self.session,
            "version": "2.1.197",
            "gitBranch": "main",
        }
        self.parent = uid
        return record

    def user(self, content: Any, **extra: Any) -> None:
        self.lines.append(
            {**self._base("user"), "message": {"role": "user", "content": content}, **extra}
        )

    def assistant(self, block: dict[str, Any]) -> None:
        message = {
            "id": f"msg_{self.ids:024d}",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5",
            "content": [block],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 100, "output_tokens": 40},
        }
        self.lines.append({**self._base("assistant"), "message": message, "requestId": "req_1"})

    def tool(self, name: str, data: dict[str, Any], output: str, is_error: bool = False) -> None:
        call_id = f"toolu_{self.ids:020d}"
        self.assistant({"type": "tool_use", "id": call_id, "name": name, "input": data})
        self.lines.append(
            {"type": "progress", "data": {"type": "bash_progress"}, "uuid": self._uuid()}
        )
        self.user(
            [
                {
                    "tool_use_id": call_id,
                    "type": "tool_result",
                    "content": output,
                    "is_error": is_error,
                }
            ],
            toolUseResult={"stdout": output, "stderr": "", "interrupted": False},
        )

    def step(self, step: tuple[Any, ...]) -> None:
        kind = step[0]
        if kind == "user":
            self.user(step[1])
        elif kind == "say":
            self.assistant({"type": "text", "text": step[1]})
        elif kind == "think":
            self.assistant({"type": "thinking", "thinking": step[1], "signature": "c2ln"})
        elif kind == "bash":
            self.tool("Bash", {"command": step[1], "description": "run"}, step[2], step[3])
        elif kind == "read":
            numbered = "\n".join(
                f"{i:>6}\t{line}" for i, line in enumerate(step[2].splitlines(), 1)
            )
            self.tool("Read", {"file_path": f"{self.story.cwd}/{step[1]}"}, numbered)
        elif kind == "edit":
            data = {
                "file_path": f"{self.story.cwd}/{step[1]}",
                "old_string": step[2],
                "new_string": step[3],
            }
            self.tool(
                "Edit", data, f"The file {self.story.cwd}/{step[1]} has been updated successfully."
            )
        elif kind == "agent":
            self.agent(step)
        elif kind == "compact":
            self.lines.append(
                {
                    **self._base("system"),
                    "subtype": "compact_boundary",
                    "content": "Conversation compacted",
                    "isMeta": False,
                    "level": "info",
                }
            )
            self.user(step[1], isCompactSummary=True, isVisibleInTranscriptOnly=True)

    def agent(self, step: tuple[Any, ...]) -> None:
        """Older Claude Code kept sub-agent turns inline, marked ``isSidechain``."""
        call_id = f"toolu_{self.ids:020d}"
        self.assistant(
            {
                "type": "tool_use",
                "id": call_id,
                "name": "Task",
                "input": {
                    "description": step[1],
                    "prompt": step[1],
                    "subagent_type": "general-purpose",
                },
            }
        )
        self.sidechain = True
        self.user(step[1])
        for sub in step[2]:
            self.step(sub)
        self.sidechain = False
        self.user(
            [
                {
                    "tool_use_id": call_id,
                    "type": "tool_result",
                    "content": [{"type": "text", "text": step[3]}],
                }
            ]
        )

    def write(self, path: Path) -> None:
        self.lines.append(
            {
                "type": "file-history-snapshot",
                "messageId": "m",
                "snapshot": {},
                "isSnapshotUpdate": False,
            }
        )
        for step in expanded(self.story):
            self.step(step)
        self.lines.insert(
            0,
            {"type": "summary", "summary": self.story.title, "leafUuid": self.parent}
            if self.story.title
            else {
                "type": "queue-operation",
                "operation": "dequeue",
                "timestamp": self.clock.tick(),
                "sessionId": self.session,
            },
        )
        self.user(
            "<local-command-caveat>Caveat: local commands below.</local-command-caveat>",
            isMeta=True,
        )
        text = "\n".join(json.dumps(line, ensure_ascii=False) for line in self.lines) + "\n"
        if self.story.truncated:
            extra = json.dumps(
                self._base("assistant")
                | {
                    "message": {
                        "role": "assistant",
                        "content": [{"type": "text", "text": "Half-written"}],
                    }
                }
            )
            text += extra[: len(extra) // 2]
        path.write_text(text, encoding="utf-8")


class CodexWriter:
    """Rollout lines as openai/codex writes them: ``{"timestamp", "type", "payload"}``."""

    def __init__(self, story: Story) -> None:
        self.story, self.clock = story, Clock(story.day)
        self.session = str(uuid.UUID(int=random.Random(story.name).getrandbits(128)))
        self.lines: list[dict[str, Any]] = []
        self.calls = 0

    def line(self, kind: str, payload: dict[str, Any]) -> None:
        self.lines.append({"timestamp": self.clock.tick(), "type": kind, "payload": payload})

    def message(self, role: str, text: str) -> None:
        ctype = "output_text" if role == "assistant" else "input_text"
        self.line(
            "response_item",
            {"type": "message", "role": role, "content": [{"type": ctype, "text": text}]},
        )
        event = "agent_message" if role == "assistant" else "user_message"
        self.line("event_msg", {"type": event, "message": text})

    def call(self, name: str, arguments: dict[str, Any], output: str, code: int = 0) -> None:
        self.calls += 1
        call_id = f"call_{self.calls:024d}"
        self.line(
            "response_item",
            {
                "type": "function_call",
                "name": name,
                "arguments": json.dumps(arguments),
                "call_id": call_id,
            },
        )
        wrapped = json.dumps(
            {"output": output, "metadata": {"exit_code": code, "duration_seconds": 0.4}}
        )
        self.line(
            "response_item", {"type": "function_call_output", "call_id": call_id, "output": wrapped}
        )

    def step(self, step: tuple[Any, ...]) -> None:
        kind = step[0]
        if kind == "user":
            self.message("user", step[1])
            self.line(
                "turn_context",
                {
                    "cwd": self.story.cwd,
                    "approval_policy": "on-request",
                    "model": "gpt-5-codex",
                    "summary": "auto",
                },
            )
        elif kind == "say":
            self.message("assistant", step[1])
        elif kind == "think":
            self.line(
                "response_item",
                {
                    "type": "reasoning",
                    "summary": [{"type": "summary_text", "text": step[1]}],
                    "content": None,
                    "encrypted_content": "gAAAA",
                },
            )
            self.line("event_msg", {"type": "agent_reasoning", "text": step[1]})
        elif kind == "bash":
            self.call(
                "shell",
                {"command": ["bash", "-lc", step[1]], "workdir": self.story.cwd},
                step[2],
                1 if step[3] else 0,
            )
        elif kind == "read":
            self.call("shell", {"command": ["bash", "-lc", f"sed -n 1,200p {step[1]}"]}, step[2])
        elif kind == "edit":
            patch = (
                f"*** Begin Patch\n*** Update File: {step[1]}\n@@\n"
                + "".join(f"-{line}\n" for line in step[2].splitlines())
                + "".join(f"+{line}\n" for line in step[3].splitlines())
                + "*** End Patch"
            )
            self.calls += 1
            call_id = f"call_{self.calls:024d}"
            self.line(
                "response_item",
                {
                    "type": "custom_tool_call",
                    "status": "completed",
                    "call_id": call_id,
                    "name": "apply_patch",
                    "input": patch,
                },
            )
            self.line(
                "response_item",
                {
                    "type": "custom_tool_call_output",
                    "call_id": call_id,
                    "output": json.dumps(
                        {
                            "output": f"Success. Updated the following files:\nM {step[1]}\n",
                            "metadata": {"exit_code": 0, "duration_seconds": 0.0},
                        }
                    ),
                },
            )
        elif kind == "compact":
            self.line("compacted", {"message": step[1]})
        elif kind == "agent":
            for sub in step[2]:
                self.step(sub)

    def write(self, path: Path) -> None:
        self.line(
            "session_meta",
            {
                "id": self.session,
                "timestamp": self.clock.tick(),
                "cwd": self.story.cwd,
                "originator": "codex_cli_rs",
                "cli_version": "0.46.0",
                "instructions": None,
                "source": "cli",
                "git": {"branch": "main"},
            },
        )
        self.line(
            "response_item",
            {
                "type": "message",
                "role": "user",
                "content": [
                    {
                        "type": "input_text",
                        "text": "<environment_context>\n"
                        f"  <cwd>{self.story.cwd}</cwd>\n</environment_context>",
                    }
                ],
            },
        )
        for step in expanded(self.story):
            self.step(step)
            if step[0] == "bash":
                self.line("event_msg", {"type": "token_count", "info": None})
        text = "\n".join(json.dumps(line, ensure_ascii=False) for line in self.lines) + "\n"
        if self.story.truncated:
            text += json.dumps(
                {
                    "timestamp": self.clock.tick(),
                    "type": "response_item",
                    "payload": {"type": "message"},
                }
            )[:40]
        path.write_text(text, encoding="utf-8")


def main() -> None:
    for story in STORIES:
        folder = HERE / "set" / ("heldout" if story.name in HELDOUT else "tune")
        folder.mkdir(parents=True, exist_ok=True)
        writer = CodexWriter(story) if story.kind == "codex" else ClaudeCodeWriter(story)
        writer.write(folder / f"{story.name}.jsonl")
        labels = {
            "must": story.must,
            "thinking": story.thinking,
            "secrets": story.secrets,
            "kind": story.kind,
            "lang": story.lang,
        }
        (folder / f"{story.name}.labels.json").write_text(
            json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(folder / f"{story.name}.jsonl")


if __name__ == "__main__":
    main()

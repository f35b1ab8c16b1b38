"""Claude through the Claude Code CLI in print mode, for people who use it instead of an API key.

``claude -p`` reads the prompt on stdin and prints one JSON result object; with ``--json-schema``
the validated answer is in ``structured_output``. The CLI is an agent, so it is run isolated:
no built-in tools (a prompt-injected note could otherwise ``Read`` the blog folder's ``.env``),
no CLAUDE.md, skills, hooks or MCP servers (``--safe-mode``, ``--strict-mcp-config``), no session
file holding the note (``--no-session-persistence``), in an empty scratch working directory.
Checked against the real CLI 2.1.197 (``tests/test_claude_cli_real.py``).

A failed call comes back as ``is_error`` with ``api_error_status``; it is mapped by the same
rules as the anthropic provider's HTTP status (``status.py``). Only without a status (the CLI
could not reach the API, or is not logged in) is the kind recognised by wording.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from typing import Any

from publisher.config import ClaudeCliSettings
from publisher.enrich.providers.base import Completion, CompletionRequest
from publisher.enrich.providers.status import error_for_status
from publisher.errors import AuthError, NoteError, PublisherError, RetryLater, StopRun
from publisher.models import Usage

NAME = "claude-cli"
AUTH_WORDS = ("api key", "/login", "log in", "logged in", "authenticat", "unauthorized")
UNREACHABLE_WORDS = ("unable to connect", "connection", "timed out", "timeout", "network")
ISOLATION_FLAGS = (
    "--tools",
    "",  # no built-in tools at all (only the StructuredOutput tool --json-schema adds)
    "--safe-mode",  # no CLAUDE.md, skills, plugins, hooks, custom agents or commands
    "--strict-mcp-config",  # no MCP servers from any configuration
    "--no-session-persistence",  # no session file holding the note
)


def command(executable: str, request: CompletionRequest) -> list[str]:
    return [
        executable,
        "-p",
        "--output-format",
        "json",
        *ISOLATION_FLAGS,
        "--model",
        request.model,
        "--json-schema",
        json.dumps(request.json_schema),
        "--system-prompt",
        request.system,
    ]


def one_line(message: str) -> str:
    return " ".join(message.split())[:300] or "no message"


def classify(message: str, status: int | None = None, model: str = "") -> PublisherError:
    """The run's error kind for a failed call: by ``api_error_status`` when the CLI gives one."""
    text = one_line(message)
    if status is not None:
        return error_for_status(
            status,
            text,
            service="claude CLI",
            model=model,
            credentials="run `claude /login` or check ANTHROPIC_API_KEY",
        )
    lowered = text.lower()
    if any(word in lowered for word in AUTH_WORDS):
        return AuthError(f"claude CLI is not logged in or its key was refused: {text}")
    if any(word in lowered for word in UNREACHABLE_WORDS):
        return RetryLater(f"claude CLI: {text}")
    return NoteError(f"claude CLI: {text}")


def usage_of(data: dict[str, Any], model: str) -> Usage:
    raw = data.get("usage") or {}
    return Usage(
        provider=NAME,
        model=model,
        calls=1,
        input_tokens=int(raw.get("input_tokens") or 0),
        output_tokens=int(raw.get("output_tokens") or 0),
        cache_creation_input_tokens=int(raw.get("cache_creation_input_tokens") or 0),
        cache_read_input_tokens=int(raw.get("cache_read_input_tokens") or 0),
    )


def api_status(data: dict[str, Any]) -> int | None:
    status = data.get("api_error_status")
    return status if isinstance(status, int) and not isinstance(status, bool) else None


class ClaudeCliProvider:
    name = NAME

    def __init__(self, settings: ClaudeCliSettings) -> None:
        self._settings = settings

    def _run(self, request: CompletionRequest) -> subprocess.CompletedProcess[str]:
        """One CLI call in an empty scratch folder: nothing around it to read or to load."""
        with tempfile.TemporaryDirectory(prefix="publisher-claude-") as scratch:
            return subprocess.run(
                command(self._settings.executable, request),
                input=request.user,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self._settings.timeout,
                check=False,
                cwd=scratch,
            )

    def complete(self, request: CompletionRequest) -> Completion:
        try:
            done = self._run(request)
        except FileNotFoundError as exc:
            raise StopRun(
                f"claude CLI not found: {self._settings.executable!r} (claude_cli.executable)"
            ) from exc
        except subprocess.TimeoutExpired as exc:
            raise RetryLater(
                f"claude CLI did not answer in {self._settings.timeout:.0f} s"
            ) from exc
        try:
            data = json.loads(done.stdout)
        except json.JSONDecodeError:
            if done.returncode != 0:
                raise classify(done.stderr or done.stdout) from None
            raise NoteError("claude CLI printed something that is not its JSON result") from None
        if not isinstance(data, dict):
            raise NoteError("claude CLI printed something that is not its JSON result")
        if data.get("is_error") or done.returncode != 0:
            message = str(data.get("result") or done.stderr or data.get("subtype") or "")
            raise classify(message, api_status(data), request.model)
        structured = data.get("structured_output")
        return Completion(
            text=None if structured is None else json.dumps(structured, ensure_ascii=False),
            usage=usage_of(data, request.model),
            stop_reason=str(data.get("subtype") or ""),
        )

"""Claude through the Claude Code CLI in print mode, for people who use it instead of an API key.

``claude -p`` reads the prompt on stdin and prints one JSON result object; with ``--json-schema``
the validated answer is in ``structured_output``. Errors come back as ``is_error`` (and exit code
1) with a text the CLI shows humans, so their kind is recognised by wording.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from publisher.config import ClaudeCliSettings
from publisher.enrich.providers.base import Completion, CompletionRequest
from publisher.errors import AuthError, NoteError, PublisherError, RetryLater, StopRun
from publisher.models import Usage

NAME = "claude-cli"
AUTH_WORDS = ("api key", "/login", "log in", "logged in", "authenticat", "unauthorized", "401")
TRANSIENT_WORDS = ("rate limit", "429", "overloaded", "529", "500", "502", "503", "timed out")


def command(executable: str, request: CompletionRequest) -> list[str]:
    return [
        executable,
        "-p",
        "--output-format",
        "json",
        "--model",
        request.model,
        "--json-schema",
        json.dumps(request.json_schema),
        "--system-prompt",
        request.system,
    ]


def classify(message: str) -> PublisherError:
    text = " ".join(message.split())[:300] or "no message"
    lowered = text.lower()
    if any(word in lowered for word in AUTH_WORDS):
        return AuthError(f"claude CLI is not logged in or its key was refused: {text}")
    if any(word in lowered for word in TRANSIENT_WORDS):
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


class ClaudeCliProvider:
    name = NAME

    def __init__(self, settings: ClaudeCliSettings) -> None:
        self._settings = settings

    def complete(self, request: CompletionRequest) -> Completion:
        try:
            done = subprocess.run(
                command(self._settings.executable, request),
                input=request.user,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self._settings.timeout,
                check=False,
            )
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
            raise classify(str(data.get("result") or done.stderr or data.get("subtype") or ""))
        structured = data.get("structured_output")
        return Completion(
            text=None if structured is None else json.dumps(structured, ensure_ascii=False),
            usage=usage_of(data, request.model),
            stop_reason=str(data.get("subtype") or ""),
        )

"""Helpers for driving the real Anthropic SDK through ``httpx2.MockTransport`` in tests.

``Script`` answers each request with the next scripted step (a status and body, or a function of
the request); once the script runs out it answers like a model that follows the prompt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anthropic
import httpx2

from fakes.canned import answer_for
from publisher.config import Settings
from publisher.models import RawNote, SelectedLine, Selection

PROMPTS = Path(__file__).resolve().parents[2] / "src" / "publisher" / "prompts"
FAST_RETRY = {"retry-after-ms": "1"}

Step = tuple[int, Any] | tuple[int, Any, dict[str, str]] | Callable[[dict[str, Any]], Any]


def settings(**overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "anthropic": {"api_key": "test-key", "max_retries": 2},
        "llm": {"prompts_dir": PROMPTS},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return Settings(**base)


def note(body: str, note_id: str = "note-1", title: str | None = "Slow p99") -> RawNote:
    return RawNote(
        id=note_id,
        path=Path(f"/notes/{note_id}.md"),
        title=title,
        project="recs-api",
        body=body,
        content_hash=f"hash-{note_id}-{len(body)}",
    )


def selection_of(body: str) -> Selection:
    lines = body.splitlines()
    return Selection(
        total_lines=len(lines),
        lines=[SelectedLine(number=i, text=text) for i, text in enumerate(lines, 1)],
    )


def message(text: str, stop_reason: str = "end_turn", **usage: int) -> dict[str, Any]:
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-5-5",
        "content": [{"type": "text", "text": text}],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 1000, "output_tokens": 500, **usage},
    }


def canned(request: dict[str, Any]) -> dict[str, Any]:
    """What a model that follows the prompt answers to this request."""
    schema = request["output_config"]["format"]["schema"]
    return answer_for(schema, request["messages"][-1]["content"])


def overload(status: int = 529) -> tuple[int, Any, dict[str, str]]:
    kind = "overloaded_error" if status == 529 else "rate_limit_error"
    return status, {"type": "error", "error": {"type": kind, "message": "busy"}}, FAST_RETRY


class Script:
    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        step = self.steps.pop(0) if self.steps else None
        if step is None:
            return httpx2.Response(200, json=message(json.dumps(canned(body))))
        if callable(step):
            answer = step(body)
            text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
            return httpx2.Response(200, json=message(text))
        status, payload, *headers = step
        return httpx2.Response(status, json=payload, headers=headers[0] if headers else {})

    def client(self, max_retries: int = 2) -> anthropic.Anthropic:
        return anthropic.Anthropic(
            api_key="test-key",
            max_retries=max_retries,
            http_client=httpx2.Client(transport=httpx2.MockTransport(self)),
        )

"""A scripted Messages API that drives the real Claude Code CLI, to record genuine session files.

The CLI streams every call (``"stream": true``) and resends the whole conversation each time, so
the next answer is chosen from the conversation itself: the script whose trigger text appears in
the first user message, at the turn given by the number of assistant messages already sent. A
turn is a list of content blocks (``text``, ``thinking``, ``tool_use``) sent as server-sent events
exactly as the real API frames them. Calls that match no script (title or summary helpers) get a
short plain answer. See ``tests/data/sessions/make_claude_code_fixtures.py``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

from fakes.server import FakeServer, Reply, Seen
from fakes.sse import message_start

Block = dict[str, Any]
Script = list[list[Block]]


def _user_text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    return "\n".join(
        block.get("text", "") for block in content or [] if block.get("type") == "text"
    )


def _events(message_id: str, model: str, blocks: list[Block]) -> Iterator[tuple[str, Any]]:
    """The server-sent events of one streamed message, block by block."""
    usage = {"input_tokens": 100, "output_tokens": 1}
    yield "message_start", message_start(message_id, model, usage)
    for index, block in enumerate(blocks):
        kind = block["type"]
        if kind == "text":
            first: Block = {"type": "text", "text": ""}
            delta: Block = {"type": "text_delta", "text": block["text"]}
        elif kind == "thinking":
            first = {"type": "thinking", "thinking": "", "signature": ""}
            delta = {"type": "thinking_delta", "thinking": block["thinking"]}
        else:
            first = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
            delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
        yield (
            "content_block_start",
            {"type": "content_block_start", "index": index, "content_block": first},
        )
        yield "content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}
        if kind == "thinking":
            yield (
                "content_block_delta",
                {
                    "type": "content_block_delta",
                    "index": index,
                    "delta": {"type": "signature_delta", "signature": "ZmFrZS1zaWduYXR1cmU="},
                },
            )
        yield "content_block_stop", {"type": "content_block_stop", "index": index}
    stop = "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn"
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop, "stop_sequence": None},
            "usage": {"output_tokens": 50},
        },
    )
    yield "message_stop", {"type": "message_stop"}


class FakeAgentAPI(FakeServer):
    def __init__(self, scripts: dict[str, Script], *, fallback: str = "Done.") -> None:
        super().__init__(self._route)
        self.scripts = scripts
        self.fallback = fallback
        self._ids = itertools.count(1)

    def _turn(self, body: dict[str, Any]) -> list[Block]:
        messages = body.get("messages", [])
        first = next((_user_text(m) for m in messages if m.get("role") == "user"), "")
        done = sum(1 for m in messages if m.get("role") == "assistant")
        for trigger, script in self.scripts.items():
            if trigger in first and body.get("tools") and done < len(script):
                return [self._with_id(block) for block in script[done]]
        return [{"type": "text", "text": self.fallback}]

    def _with_id(self, block: Block) -> Block:
        if block["type"] == "tool_use" and "id" not in block:
            return {**block, "id": f"toolu_fake{next(self._ids):06d}"}
        return block

    def _route(self, seen: Seen) -> Reply:
        body = seen.body if isinstance(seen.body, dict) else {}
        blocks = self._turn(body)
        message_id = f"msg_fake{next(self._ids):06d}"
        model = body.get("model", "claude-fake")
        if not body.get("stream"):
            content = [{k: v for k, v in b.items()} for b in blocks]
            return Reply(
                200,
                {
                    "id": message_id,
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": content,
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": {"input_tokens": 100, "output_tokens": 50},
                },
            )
        payload = "".join(
            f"event: {name}\ndata: {json.dumps(data)}\n\n"
            for name, data in _events(message_id, model, blocks)
        )
        return Reply(200, payload, {"Content-Type": "text/event-stream"})

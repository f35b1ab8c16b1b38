"""A streamed Messages API answer (server-sent events), as the Claude Code CLI asks for.

``tool_answer`` calls one tool with the given input (how ``--json-schema`` answers arrive:
the ``StructuredOutput`` tool); ``text_answer`` ends the turn with text.
"""

from __future__ import annotations

import json
from typing import Any

from fakes.server import Reply

USAGE = {
    "input_tokens": 900,
    "output_tokens": 1,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 0,
}


def message_start(message_id: str, model: str, usage: dict[str, int]) -> dict[str, Any]:
    """The first event of a streamed message: an empty assistant message, as the API frames it."""
    message = {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": usage,
    }
    return {"type": "message_start", "message": message}


def _events(model: str, block: dict[str, Any], delta: dict[str, Any], stop: str) -> str:
    events = [
        message_start("msg_fake", model, USAGE),
        {"type": "content_block_start", "index": 0, "content_block": block},
        {"type": "content_block_delta", "index": 0, "delta": delta},
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop, "stop_sequence": None},
            "usage": {"output_tokens": 700},
        },
        {"type": "message_stop"},
    ]
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events)


def _reply(body: str) -> Reply:
    return Reply(200, body, {"Content-Type": "text/event-stream"})


def tool_answer(model: str, tool: str, answer: dict[str, Any]) -> Reply:
    block = {"type": "tool_use", "id": "toolu_fake", "name": tool, "input": {}}
    delta = {"type": "input_json_delta", "partial_json": json.dumps(answer)}
    return _reply(_events(model, block, delta, "tool_use"))


def text_answer(model: str, text: str) -> Reply:
    block = {"type": "text", "text": ""}
    delta = {"type": "text_delta", "text": text}
    return _reply(_events(model, block, delta, "end_turn"))

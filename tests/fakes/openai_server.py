"""A fake OpenAI-compatible ``/v1/chat/completions`` server, like a local Ollama or vLLM.

``formats`` are the ``response_format`` types it accepts; any other is refused the way
llama-cpp-python and older llama.cpp builds refuse ``json_schema``: HTTP 500 naming the format.
In ``json_object`` mode the schema is read from the system prompt, where the client must put it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fakes.canned import answer_for
from fakes.server import FakeServer, Reply, Seen

SCHEMA_IN_PROMPT = re.compile(r"```json\n(\{.*\})\n```\s*$", re.S)


def schema_of(body: dict[str, Any]) -> dict[str, Any]:
    response_format = body["response_format"]
    if response_format["type"] == "json_schema":
        schema: dict[str, Any] = response_format["json_schema"]["schema"]
        return schema
    match = SCHEMA_IN_PROMPT.search(body["messages"][0]["content"])
    return json.loads(match.group(1)) if match else {}


class FakeOpenAI(FakeServer):
    def __init__(
        self,
        *,
        delay: float = 0.0,
        port: int = 0,
        formats: tuple[str, ...] = ("json_schema", "json_object"),
        models: tuple[str, ...] = ("llama3.1",),
        refusal: Reply | None = None,
    ) -> None:
        """``refusal`` replaces the reply to a refused format (default: llama.cpp's 500)."""
        super().__init__(self._route, delay=delay, port=port)
        self.formats = formats
        self.models = models
        self.refusal = refusal

    def _route(self, seen: Seen) -> Reply:
        if seen.method == "GET" and seen.path.rstrip("/") == "/v1/models":
            data = [{"id": model, "object": "model"} for model in self.models]
            return Reply(200, {"object": "list", "data": data})
        if seen.method != "POST" or seen.path.rstrip("/") != "/v1/chat/completions":
            return Reply(404, {"error": {"message": f"no route {seen.path}"}})
        body = seen.body
        kind = body["response_format"]["type"]
        if kind not in self.formats and self.refusal is not None:
            return self.refusal
        if kind not in self.formats:
            allowed = " or ".join(f'"{name}"' for name in ("text", *self.formats))
            message = f"response_format type must be one of {allowed}, but got: {kind}"
            return Reply(500, {"error": {"code": 500, "message": message, "type": "server_error"}})
        user = body["messages"][-1]["content"]
        text = json.dumps(answer_for(schema_of(body), user), ensure_ascii=False)
        return Reply(
            200,
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": len(json.dumps(body)) // 4,
                    "completion_tokens": len(text) // 4,
                    "prompt_tokens_details": {"cached_tokens": 0},
                },
            },
        )

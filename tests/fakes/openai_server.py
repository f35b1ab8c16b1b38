"""A fake OpenAI-compatible ``/v1/chat/completions`` server, like a local Ollama or vLLM."""

from __future__ import annotations

import json

from fakes.canned import answer_for
from fakes.server import FakeServer, Reply, Seen


class FakeOpenAI(FakeServer):
    def __init__(self, *, delay: float = 0.0, port: int = 0) -> None:
        super().__init__(self._route, delay=delay, port=port)

    def _route(self, seen: Seen) -> Reply:
        if seen.method != "POST" or seen.path.rstrip("/") != "/v1/chat/completions":
            return Reply(404, {"error": {"message": f"no route {seen.path}"}})
        body = seen.body
        user = body["messages"][-1]["content"]
        schema = body["response_format"]["json_schema"]["schema"]
        text = json.dumps(answer_for(schema, user), ensure_ascii=False)
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

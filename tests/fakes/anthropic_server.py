"""A fake Anthropic Messages API (and Message Batches API) for tests and benchmarks.

Answers are valid bilingual posts derived from each request (see ``canned``), with usage that
behaves like prompt caching: a system prompt marked ``cache_control`` and of at least
``CACHE_MIN_TOKENS`` is written to the cache on first sight and read from it afterwards.
Run it standalone for a benchmark:

    python tests/fakes/anthropic_server.py --port 8765 --delay 1.0
    ANTHROPIC_BASE_URL=http://127.0.0.1:8765 ANTHROPIC_API_KEY=fake publisher run
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import threading
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fakes.canned import answer_for
from fakes.rate_limits import AccountLimit
from fakes.server import FakeServer, Reply, Seen

CACHE_MIN_TOKENS = 1024
CHARS_PER_TOKEN = 4


def tokens(text: str) -> int:
    return max(1, len(text) // CHARS_PER_TOKEN)


def error(status: int, kind: str, message: str, **headers: str) -> Reply:
    """An API error reply, as the real service shapes it."""
    return Reply(status, {"type": "error", "error": {"type": kind, "message": message}}, headers)


class FakeAnthropic(FakeServer):
    def __init__(
        self,
        *,
        delay: float = 0.0,
        port: int = 0,
        polls_until_ended: int = 0,
        api_key: str | None = None,
        models: tuple[str, ...] | None = None,
        rpm: int | None = None,
    ) -> None:
        super().__init__(self._route, delay=delay, port=port)
        # when set, Messages requests are limited like an account allowing rpm per minute
        self.limit = AccountLimit(rpm) if rpm else None
        self.polls_until_ended = polls_until_ended
        self.api_key = api_key  # when set, any other key is refused (401)
        self.models = models  # when set, count_tokens refuses any other model (404)
        self.batch_failures: dict[str, str] = {}  # custom_id -> "errored" | "expired"
        self.batch_texts: dict[str, str] = {}  # custom_id -> raw answer text to give instead
        self._cached: set[str] = set()
        self._batches: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._state = threading.Lock()

    # -- messages --------------------------------------------------------------------------

    def message(self, params: dict[str, Any]) -> dict[str, Any]:
        blocks = params.get("system", [])
        system = "".join(block["text"] for block in blocks)
        marked = any("cache_control" in block for block in blocks)
        user = params["messages"][-1]["content"]
        schema = params["output_config"]["format"]["schema"]
        text = json.dumps(answer_for(schema, user), ensure_ascii=False)
        system_tokens = tokens(system)
        cache_write = cache_read = 0
        if marked and system_tokens >= CACHE_MIN_TOKENS:
            with self._state:
                if system in self._cached:
                    cache_read = system_tokens
                else:
                    self._cached.add(system)
                    cache_write = system_tokens
        return {
            "id": f"msg_{next(self._ids):06d}",
            "type": "message",
            "role": "assistant",
            "model": params["model"],
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {
                "input_tokens": tokens(user)
                + tokens(json.dumps(schema))
                + (0 if cache_write or cache_read else system_tokens),
                "output_tokens": tokens(text),
                "cache_creation_input_tokens": cache_write,
                "cache_read_input_tokens": cache_read,
            },
        }

    # -- batches ---------------------------------------------------------------------------

    def _batch_view(self, batch_id: str) -> dict[str, Any]:
        batch = self._batches[batch_id]
        ended = batch["polls"] > self.polls_until_ended
        count = len(batch["requests"])
        return {
            "id": batch_id,
            "type": "message_batch",
            "processing_status": "ended" if ended else "in_progress",
            "request_counts": {
                "processing": 0 if ended else count,
                "succeeded": count if ended else 0,
                "errored": 0,
                "canceled": 0,
                "expired": 0,
            },
            "created_at": "2026-01-01T00:00:00Z",
            "expires_at": "2026-01-02T00:00:00Z",
            "ended_at": "2026-01-01T01:00:00Z" if ended else None,
            "cancel_initiated_at": None,
            "archived_at": None,
            "results_url": f"{self.url}/v1/messages/batches/{batch_id}/results" if ended else None,
        }

    def _batch_results(self, batch_id: str) -> str:
        """JSONL, deliberately in reverse order: results are matched by custom_id."""
        lines = []
        for request in reversed(self._batches[batch_id]["requests"]):
            custom_id = request["custom_id"]
            failure = self.batch_failures.get(custom_id)
            if failure == "errored":
                result: dict[str, Any] = {
                    "type": "errored",
                    "error": {
                        "type": "error",
                        "error": {"type": "overloaded_error", "message": "Overloaded"},
                    },
                }
            elif failure:
                result = {"type": failure}
            else:
                reply = self.message(request["params"])
                if custom_id in self.batch_texts:
                    reply["content"][0]["text"] = self.batch_texts[custom_id]
                result = {"type": "succeeded", "message": reply}
            lines.append(json.dumps({"custom_id": custom_id, "result": result}))
        return "\n".join(lines) + "\n"

    def count_tokens(self, params: dict[str, Any]) -> Reply:
        model = params["model"]
        if self.models is not None and model not in self.models:
            return error(404, "not_found_error", f"model: {model}")
        text = "".join(str(m["content"]) for m in params["messages"])
        return Reply(200, {"input_tokens": tokens(text)})

    # -- routing ---------------------------------------------------------------------------

    def _limited_message(self, params: dict[str, Any]) -> Reply:
        if self.limit is None:
            return Reply(200, self.message(params))
        admitted, headers = self.limit.admit()
        if not admitted:
            return error(429, "rate_limit_error", "rate limit exceeded", **headers)
        return Reply(200, self.message(params), headers)

    def _route(self, seen: Seen) -> Reply:
        path = seen.path.split("?", 1)[0].rstrip("/")
        if not (seen.headers.get("x-api-key") or seen.headers.get("authorization")):
            return error(401, "authentication_error", "no API key")
        given = seen.headers.get("x-api-key") or seen.headers.get("authorization", "")
        if self.api_key is not None and given.removeprefix("Bearer ") != self.api_key:
            return error(401, "authentication_error", "invalid x-api-key")
        if seen.method == "POST" and path == "/v1/messages":
            return self._limited_message(seen.body)
        if seen.method == "POST" and path == "/v1/messages/count_tokens":
            return self.count_tokens(seen.body)
        if seen.method == "POST" and path == "/v1/messages/batches":
            batch_id = f"msgbatch_{next(self._ids):06d}"
            with self._state:
                self._batches[batch_id] = {"requests": seen.body["requests"], "polls": 0}
            return Reply(200, self._batch_view(batch_id))
        parts = path.split("/")
        if seen.method == "GET" and len(parts) >= 5 and parts[4] in self._batches:
            batch_id = parts[4]
            if len(parts) == 6 and parts[5] == "results":
                return Reply(200, self._batch_results(batch_id))
            with self._state:
                self._batches[batch_id]["polls"] += 1
            return Reply(200, self._batch_view(batch_id))
        return error(404, "not_found_error", f"no route {seen.method} {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per request")
    args = parser.parse_args()
    server = FakeAnthropic(delay=args.delay, port=args.port).start()
    print(f"fake Anthropic API on {server.url} (delay {args.delay} s); Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()

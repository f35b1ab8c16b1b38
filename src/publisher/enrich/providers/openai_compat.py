"""Any OpenAI-style ``/chat/completions`` server (Ollama, vLLM, llama.cpp, LM Studio).

Plain ``requests``: it is already the project's HTTP client for the CMS, the calls are blocking
like the rest of the run's workers, and these servers need nothing an SDK would add. Local servers
do not rate-limit, so 429/5xx are not retried here: the note simply waits for the next run.
"""

from __future__ import annotations

from typing import Any

import requests

from publisher.config import OpenAISettings
from publisher.enrich.providers.base import Completion, CompletionRequest
from publisher.errors import AuthError, NoteError, RetryLater, StopRun
from publisher.models import Usage

NAME = "openai-compatible"
# OpenAI's "length" means the same as Anthropic's "max_tokens"; the enricher knows the latter.
STOP_REASONS = {"length": "max_tokens", "content_filter": "refusal"}


def payload(request: CompletionRequest) -> dict[str, Any]:
    return {
        "model": request.model,
        "max_tokens": request.max_tokens,
        "messages": [
            {"role": "system", "content": request.system},
            {"role": "user", "content": request.user},
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "blog_post", "strict": True, "schema": request.json_schema},
        },
    }


def error_message(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return " ".join(response.text.split())[:300]
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        error = error.get("message")
    return " ".join(str(error or data).split())[:300]


def usage_of(data: dict[str, Any], model: str) -> Usage:
    raw = data.get("usage") or {}
    cached = int((raw.get("prompt_tokens_details") or {}).get("cached_tokens") or 0)
    return Usage(
        provider=NAME,
        model=model,
        calls=1,
        input_tokens=int(raw.get("prompt_tokens") or 0) - cached,
        output_tokens=int(raw.get("completion_tokens") or 0),
        cache_read_input_tokens=cached,
    )


class OpenAICompatProvider:
    name = NAME

    def __init__(self, settings: OpenAISettings, session: requests.Session | None = None) -> None:
        self._settings = settings
        self._session = session or requests.Session()

    def complete(self, request: CompletionRequest) -> Completion:
        url = self._settings.base_url.rstrip("/") + "/chat/completions"
        headers = {}
        if self._settings.api_key:
            headers["Authorization"] = f"Bearer {self._settings.api_key.get_secret_value()}"
        try:
            response = self._session.post(
                url, json=payload(request), headers=headers, timeout=self._settings.timeout
            )
        except requests.Timeout as exc:
            raise RetryLater(f"{url} did not answer in {self._settings.timeout:.0f} s") from exc
        except requests.ConnectionError as exc:
            raise StopRun(f"cannot reach {url}: is the model server running?") from exc
        status = response.status_code
        if status in (401, 403):
            raise AuthError(f"{url} refused the credentials: {error_message(response)}")
        if status == 404:
            raise StopRun(f"{url}: {error_message(response)} (model = {request.model!r})")
        if status == 429 or status >= 500:
            raise RetryLater(f"{url}: HTTP {status}: {error_message(response)}")
        if status >= 400:
            raise NoteError(f"{url} rejected the request: {error_message(response)}")
        try:
            data = response.json()
            choice = data["choices"][0]
            text = choice["message"].get("content")
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            raise NoteError(f"{url} answered without a chat completion") from exc
        finish = choice.get("finish_reason")
        return Completion(
            text=text,
            usage=usage_of(data, request.model),
            stop_reason=STOP_REASONS.get(finish, finish),
        )

"""Any OpenAI-style ``/chat/completions`` server (Ollama, vLLM, llama.cpp, LM Studio).

Plain ``requests``: it is already the project's HTTP client for the CMS, the calls are blocking
like the rest of the run's workers, and these servers need nothing an SDK would add. Local servers
do not rate-limit, so 429/5xx are not retried here: the note simply waits for the next run.

Structured output comes in two dialects. ``json_schema`` makes the server follow the schema;
some servers (llama-cpp-python's, older llama.cpp builds) refuse it, often with HTTP 500, but
accept ``json_object``. Then the schema goes into the system prompt instead and the answer is
validated by the same pydantic models as always. The mode that worked is remembered per base URL
(``learned.py``), so only the first run pays for the refused request and says so.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any, Literal

import requests

from publisher.config import OpenAISettings
from publisher.deadline import service_deadline, within
from publisher.enrich.providers.base import Completion, CompletionRequest
from publisher.errors import AuthError, ConfigStop, NoteError, RetryLater, StopRun
from publisher.http_status import TRANSIENT, Failure, failure_of
from publisher.learned import Memory
from publisher.models import Usage

NAME = "openai-compatible"
# OpenAI's "length" means the same as Anthropic's "max_tokens"; the enricher knows the latter.
STOP_REASONS = {"length": "max_tokens", "content_filter": "refusal"}
Mode = Literal["json_schema", "json_object"]
# Words a server's error uses when it is the response format it cannot do, e.g. llama.cpp's
# 'response_format type must be one of "text" or "json_object", but got: json_schema'.
# Failures that say nothing about the request body, so never that its format was refused.
NOT_ABOUT_THE_REQUEST = (Failure.AUTH, Failure.NOT_FOUND, Failure.RATE_LIMITED)
FORMAT_WORDS = ("response_format", "response format", "json_schema", "json_object", "grammar")
UNSUPPORTED_WORDS = ("unsupported parameter", "unsupported_parameter", "unknown parameter")
SCHEMA_HEADING = "## The JSON schema your answer must follow"

log = logging.getLogger(__name__)


def payload(request: CompletionRequest, mode: Mode = "json_schema") -> dict[str, Any]:
    """The request body; in ``json_object`` mode the schema travels in the system prompt."""
    system = request.system
    if mode == "json_schema":
        response_format: dict[str, Any] = {
            "type": "json_schema",
            "json_schema": {"name": "blog_post", "strict": True, "schema": request.json_schema},
        }
    else:
        response_format = {"type": "json_object"}
        system = schema_in_prompt(system, request.json_schema)
    return {
        "model": request.model,
        "max_tokens": request.max_tokens,
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": request.user},
        ],
        "response_format": response_format,
    }


def schema_in_prompt(system: str, schema: dict[str, Any]) -> str:
    """The system prompt with the schema spelled out, for servers that cannot enforce it."""
    spelled = json.dumps(schema, ensure_ascii=False, indent=1)
    return (
        f"{system}\n\n{SCHEMA_HEADING}\n\nAnswer with exactly one JSON object (no prose, no "
        f"code fence) that is valid against this JSON schema:\n\n```json\n{spelled}\n```"
    )


def error_message(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return " ".join(response.text.split())[:300]
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        error = error.get("message")
    return " ".join(str(error or data).split())[:300]


def refuses_format(response: requests.Response) -> bool:
    """A 4xx/5xx that names the response format, or an unsupported-parameter error."""
    if failure_of(response.status_code) in (None, *NOT_ABOUT_THE_REQUEST):
        return False
    message = error_message(response).lower()
    return any(word in message for word in (*FORMAT_WORDS, *UNSUPPORTED_WORDS))


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

    def __init__(
        self,
        settings: OpenAISettings,
        session: requests.Session | None = None,
        memory: Memory | None = None,
    ) -> None:
        self._settings = settings
        self._session = session or requests.Session()
        self._memory = memory
        self._url = settings.base_url.rstrip("/") + "/chat/completions"
        self._key = f"{NAME} response_format {settings.base_url.rstrip('/')}"
        self._lock = threading.Lock()
        remembered = memory.get(self._key) if memory is not None else None
        self._mode: Mode = "json_object" if remembered == "json_object" else "json_schema"

    def complete(self, request: CompletionRequest) -> Completion:
        """One chat completion, in the mode this server accepts.

        A ``json_schema`` request refused by name, or answered with a bare 500 (llama-cpp-python
        crashes on it), is sent again as ``json_object``; the server is switched to that mode
        when the refusal named the format or the second request succeeded, so a server that
        is down or overloaded (503, or 500 twice) stays a transient error, nothing remembered.
        """
        mode = self._mode
        response = self._post(payload(request, mode))
        if mode == "json_schema" and (refuses_format(response) or response.status_code == 500):
            retry = self._post(payload(request, "json_object"))
            if refuses_format(response) or retry.status_code < 400:
                self._fall_back(response)
                mode, response = "json_object", retry
        if mode == "json_object" and refuses_format(response):
            raise ConfigStop(
                f"{self._url} supports neither json_schema nor json_object response_format "
                f"({error_message(response)}): use a server with structured output, e.g. "
                "llama.cpp's llama-server, Ollama or vLLM (docs/providers.md)"
            )
        return self._completion(response, request.model)

    def _fall_back(self, response: requests.Response) -> None:
        """Switch this server to json_object, remember it, and say so once."""
        with self._lock:
            if self._mode == "json_object":
                return  # another worker already did
            self._mode = "json_object"
            if self._memory is not None:
                self._memory.put(self._key, "json_object")
        log.warning(
            "%s refuses response_format json_schema (HTTP %s: %s); using json_object with the "
            "schema in the prompt from now on (remembered for this base_url)",
            self._url,
            response.status_code,
            error_message(response),
        )

    def _post(self, body: dict[str, Any]) -> requests.Response:
        headers = {}
        if self._settings.api_key:
            headers["Authorization"] = f"Bearer {self._settings.api_key.get_secret_value()}"
        expired = service_deadline(self._url, self._settings.deadline, "openai.deadline")
        try:
            return within(
                self._settings.deadline,
                lambda: self._session.post(
                    self._url, json=body, headers=headers, timeout=self._settings.timeout
                ),
                expired,
            )
        except requests.Timeout as exc:
            wait = self._settings.timeout
            raise RetryLater(f"{self._url} did not answer in {wait:.0f} s") from exc
        except requests.ConnectionError as exc:
            raise StopRun(f"cannot reach {self._url}: is the model server running?") from exc

    def _completion(self, response: requests.Response, model: str) -> Completion:
        url, status = self._url, response.status_code
        failure = failure_of(status)
        if failure == Failure.AUTH:
            raise AuthError(f"{url} refused the credentials: {error_message(response)}")
        if failure == Failure.NOT_FOUND:
            raise StopRun(f"{url}: {error_message(response)} (model = {model!r})")
        if failure in TRANSIENT:
            raise RetryLater(f"{url}: HTTP {status}: {error_message(response)}")
        if failure is not None:
            raise NoteError(f"{url} rejected the request: {error_message(response)}")
        try:
            data = response.json()
            choice = data["choices"][0]
            text = choice["message"].get("content")
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            raise NoteError(f"{url} answered without a chat completion") from exc
        finish = choice.get("finish_reason")
        return Completion(
            text=text, usage=usage_of(data, model), stop_reason=STOP_REASONS.get(finish, finish)
        )

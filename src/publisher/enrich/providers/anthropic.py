"""Claude through the official SDK: structured outputs, a cached system prompt, Message Batches.

The SDK is imported when the provider is built, never at module import, so commands that do not
call the model stay fast. The SDK retries 408/409/429/5xx/529 itself (``max_retries``, honouring
``retry-after``); what is still failing afterwards becomes a :mod:`publisher.errors` kind here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from publisher.config import AnthropicSettings
from publisher.deadline import service_deadline, within
from publisher.enrich.caching import worth_caching
from publisher.enrich.providers.base import BatchPoll, BatchResult, Completion, CompletionRequest
from publisher.enrich.providers.status import error_for_status
from publisher.errors import NoteError, PublisherError
from publisher.models import Usage

NAME = "anthropic"


def message_params(request: CompletionRequest) -> dict[str, Any]:
    """One Messages API call; also the ``params`` of a batch request. The system prompt is
    marked for caching only when it reaches the model's minimum (``caching.py``)."""
    system: dict[str, Any] = {"type": "text", "text": request.system}
    if worth_caching(request.system, request.model):
        system["cache_control"] = {"type": "ephemeral"}
    return {
        "model": request.model,
        "max_tokens": request.max_tokens,
        "system": [system],
        "messages": [{"role": "user", "content": request.user}],
        "output_config": {"format": {"type": "json_schema", "schema": request.json_schema}},
    }


def completion_of(message: Any, model: str) -> Completion:
    texts = [block.text for block in message.content if getattr(block, "type", "") == "text"]
    usage = message.usage
    return Completion(
        text="".join(texts) or None,
        stop_reason=message.stop_reason,
        usage=Usage(
            provider=NAME,
            model=getattr(message, "model", None) or model,
            calls=1,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_creation_input_tokens=usage.cache_creation_input_tokens or 0,
            cache_read_input_tokens=usage.cache_read_input_tokens or 0,
        ),
    )


def api_message(exc: Exception) -> str:
    """The API's own one-line explanation, without the SDK's request dump."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return " ".join(str(error["message"]).split())[:300]
    return " ".join(str(getattr(exc, "message", exc)).split())[:300]


def translate(exc: Exception, model: str, retries: int) -> PublisherError:
    """The SDK's error as the run's error kind, by HTTP status (see ``status.py``)."""
    import anthropic

    message = api_message(exc)
    status = getattr(exc, "status_code", None)
    if status is None and not isinstance(exc, anthropic.APIConnectionError):
        return NoteError(f"anthropic rejected the request: {message}")
    what = f"HTTP {status}" if status else type(exc).__name__
    return error_for_status(
        status,
        message,
        service="anthropic",
        model=model,
        credentials="check ANTHROPIC_API_KEY",
        transient_detail=f"{what} after {retries} retries",
    )


class AnthropicProvider:
    name = NAME

    def __init__(
        self,
        settings: AnthropicSettings,
        client: Any | None = None,
        observe: Callable[[Mapping[str, str]], None] | None = None,
    ) -> None:
        """``observe`` sees the headers of every response, the SDK's own retries included
        (a 429's retry-after too), so the run's pacing follows the account's real limits."""
        self._retries = settings.max_retries
        self._expired = service_deadline("anthropic", settings.deadline, "anthropic.deadline")
        self._deadline = settings.deadline
        if client is None:
            import anthropic

            hooks = {"response": [lambda response: observe(response.headers)]} if observe else {}
            client = anthropic.Anthropic(
                api_key=settings.api_key.get_secret_value() if settings.api_key else None,
                base_url=settings.base_url,
                max_retries=settings.max_retries,
                timeout=settings.timeout,
                http_client=anthropic.DefaultHttpxClient(event_hooks=hooks),
            )
        self._client = client

    def _call(self, for_model: str, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        import anthropic

        try:
            return within(self._deadline, lambda: fn(*args, **kwargs), self._expired)
        except anthropic.APIError as exc:
            raise translate(exc, for_model, self._retries) from exc

    def complete(self, request: CompletionRequest) -> Completion:
        message = self._call(request.model, self._client.messages.create, **message_params(request))
        return completion_of(message, request.model)

    def submit_batch(self, requests: dict[str, CompletionRequest]) -> str:
        model = next(iter(requests.values())).model
        batch = self._call(
            model,
            self._client.messages.batches.create,
            requests=[
                {"custom_id": custom_id, "params": message_params(request)}
                for custom_id, request in requests.items()
            ],
        )
        return str(batch.id)

    def poll_batch(self, batch_id: str) -> BatchPoll:
        batch = self._call("", self._client.messages.batches.retrieve, batch_id)
        if batch.processing_status != "ended":
            return BatchPoll(status="in_progress")
        results: dict[str, BatchResult] = {}
        listing = self._client.messages.batches.results
        # the results stream is read inside the deadline too, not lazily outside it
        for entry in self._call("", lambda: list(listing(batch_id))):
            result = entry.result
            if result.type == "succeeded":
                completion = completion_of(result.message, "")
                results[entry.custom_id] = BatchResult(kind="succeeded", completion=completion)
            elif result.type == "errored":
                results[entry.custom_id] = BatchResult(
                    kind="errored", error=" ".join(str(result.error.error.message).split())
                )
            else:
                results[entry.custom_id] = BatchResult(kind=result.type, error=result.type)
        return BatchPoll(status="ended", results=results)

"""The seam between the enricher and a model: a request, an answer, and the errors in between.

A provider sends one request and returns the raw JSON text with exact usage; parsing, validation
and retries of bad answers are the enricher's, so every provider is judged by the same rules.
Providers translate their own failures into :mod:`publisher.errors` kinds.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from publisher.models import Usage


class CompletionRequest(BaseModel):
    system: str = Field(description="static across notes: first, and cached where possible")
    user: str
    json_schema: dict[str, Any]
    model: str
    max_tokens: int


class Completion(BaseModel):
    text: str | None = Field(description="the JSON answer as text; None when there was none")
    usage: Usage
    stop_reason: str | None = None


class BatchResult(BaseModel):
    """One request's fate in a finished batch."""

    kind: Literal["succeeded", "errored", "expired", "canceled"]
    completion: Completion | None = None
    error: str = ""


class BatchPoll(BaseModel):
    status: Literal["in_progress", "ended"]
    results: dict[str, BatchResult] = Field(default_factory=dict, description="by custom_id")


@runtime_checkable
class Provider(Protocol):
    name: str

    def complete(self, request: CompletionRequest) -> Completion: ...


@runtime_checkable
class BatchProvider(Provider, Protocol):
    """A provider that can also run many requests as one cheaper, asynchronous batch."""

    def submit_batch(self, requests: dict[str, CompletionRequest]) -> str: ...

    def poll_batch(self, batch_id: str) -> BatchPoll: ...

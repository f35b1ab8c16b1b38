"""Prompt caching is asked for only where it engages; prices follow the published table."""

from __future__ import annotations

import pytest

from publisher.config import PRICES_CHECKED, load_settings
from publisher.enrich.caching import UNKNOWN_MODEL_MINIMUM, cache_minimum, worth_caching
from publisher.enrich.cost import price_for
from publisher.enrich.providers.anthropic import message_params
from publisher.enrich.providers.base import CompletionRequest


@pytest.mark.parametrize(
    ("model", "minimum"),
    [
        ("claude-sonnet-5-5", 2048),
        ("claude-sonnet-5-5-20261001", 2048),
        ("claude-sonnet-4-5", 1024),
        ("claude-haiku-4-5-20251001", 4096),
        ("claude-opus-5", 512),
        ("llama3.1:8b", UNKNOWN_MODEL_MINIMUM),
    ],
)
def test_cache_minimum_by_model_family(model: str, minimum: int) -> None:
    assert cache_minimum(model) == minimum


def request(system: str, model: str) -> CompletionRequest:
    return CompletionRequest(
        system=system, user="u", json_schema={"type": "object"}, model=model, max_tokens=256
    )


def test_the_system_prompt_is_marked_only_from_the_models_minimum() -> None:
    short, long = "x" * 3600 * 2, "x" * 3600 * 6  # ~2,000 and ~6,000 tokens
    assert not worth_caching(short, "claude-sonnet-5-5")
    assert worth_caching(short, "claude-sonnet-4-5")
    assert "cache_control" not in message_params(request(short, "claude-sonnet-5-5"))["system"][0]
    marked = message_params(request(long, "claude-sonnet-5-5"))["system"][0]
    assert marked["cache_control"] == {"type": "ephemeral"}


def test_the_default_model_is_priced_as_published() -> None:
    prices = load_settings(None).prices
    sonnet = price_for("claude-sonnet-5-5", prices)
    assert sonnet is not None and (sonnet.input, sonnet.output) == (2.0, 10.0)
    assert PRICES_CHECKED == "2026-12-07"

"""Prompt caching is asked for only when it can engage: the prefix must reach the model's minimum.

Anthropic caches a prefix only from a per-model minimum length; below it a ``cache_control``
marker is silently ignored, and a run that believes it caches reads its costs wrong. The table
is by model family (longest matching prefix wins), from Anthropic's prompt-caching docs and
the figures quoted by gateways that track them (looked up 2026-12-07; see docs/providers.md).
An unknown model gets the largest minimum, so caching is never asked for where it cannot work.
"""

from __future__ import annotations

from publisher.enrich.cost import estimate_tokens

# model family prefix -> minimum cacheable prefix, in tokens
CACHE_MINIMUM_TOKENS: dict[str, int] = {
    "claude-opus-5": 512,
    "claude-sonnet-5": 2048,  # Sonnet 5 and 5.5: the prompt of ~1,550 tokens is below it
    "claude-haiku-5": 4096,
    "claude-opus-4-8": 1024,
    "claude-opus-4-7": 1024,
    "claude-opus-4-6": 4096,
    "claude-opus-4-5": 4096,
    "claude-sonnet-4-6": 2048,
    "claude-sonnet-4-5": 1024,
    "claude-sonnet-4": 1024,
    "claude-opus-4": 1024,
    "claude-haiku-4-5": 4096,
}
UNKNOWN_MODEL_MINIMUM = 4096


def cache_minimum(model: str) -> int:
    """The model family's minimum cacheable prefix, in tokens."""
    matches = [family for family in CACHE_MINIMUM_TOKENS if model.startswith(family)]
    if not matches:
        return UNKNOWN_MODEL_MINIMUM
    return CACHE_MINIMUM_TOKENS[max(matches, key=len)]


def worth_caching(prefix: str, model: str) -> bool:
    """Whether a ``cache_control`` marker on ``prefix`` (the system prompt) can take effect."""
    return estimate_tokens(prefix) >= cache_minimum(model)

"""LLM providers: one small adapter per way of reaching a model, all behind :class:`Provider`."""

from __future__ import annotations

from publisher.config import Settings
from publisher.enrich.providers.base import Provider
from publisher.learned import Memory
from publisher.ratelimit import RateLimiter


def make_provider(
    settings: Settings, memory: Memory | None = None, pacer: RateLimiter | None = None
) -> Provider:
    """The configured provider; SDKs are imported here, only when a provider is really built.

    ``memory`` is where a provider keeps what it learns about its server between runs;
    ``pacer`` is the run's LLM limiter, which follows the rate-limit headers the API sends.
    """
    if settings.provider == "anthropic":
        from publisher.enrich.providers.anthropic import AnthropicProvider

        return AnthropicProvider(
            settings.anthropic, observe=pacer.observe if pacer is not None else None
        )
    if settings.provider == "claude-cli":
        from publisher.enrich.providers.claude_cli import ClaudeCliProvider

        return ClaudeCliProvider(settings.claude_cli)
    from publisher.enrich.providers.openai_compat import OpenAICompatProvider

    return OpenAICompatProvider(settings.openai, memory=memory)

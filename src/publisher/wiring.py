"""Builds the real services from settings; SDK-heavy modules are imported only when used."""

from __future__ import annotations

from pathlib import Path

from publisher.config import Settings
from publisher.enrich.step import EnricherLike
from publisher.ratelimit import RateLimiter, paced_session
from publisher.services import Services
from publisher.state import StateStore
from publisher.targets.base import Target


def strapi_limiter(settings: Settings) -> RateLimiter:
    return RateLimiter(
        settings.rate_limits.strapi_per_second, burst=settings.concurrency, name="strapi"
    )


def build_target(settings: Settings, limiter: RateLimiter | None = None) -> Target:
    if settings.target == "strapi":
        from publisher.targets.strapi import StrapiTarget

        limiter = limiter or strapi_limiter(settings)
        return StrapiTarget(
            settings.strapi,
            settings.locales,
            settings.primary_locale,
            session=paced_session(limiter, pool_size=settings.concurrency),
        )
    from publisher.targets.files import FilesTarget

    return FilesTarget(settings.site_dir, settings.locales)


def build_enricher(
    settings: Settings, state: StateStore | None = None, pacer: RateLimiter | None = None
) -> EnricherLike:
    """With a state, what was learned about the LLM server (its structured-output mode) is
    read and kept there; with a pacer, the API's rate-limit headers adjust it."""
    from publisher.enrich import Enricher
    from publisher.enrich.providers import make_provider
    from publisher.learned import Learned

    memory = Learned(state) if state is not None else None
    provider = make_provider(settings, memory, pacer)
    return Enricher(settings, provider=provider, memory=memory)


def cover_cache_dir(settings: Settings) -> Path:
    return settings.state_dir / "covers"


def build_services(settings: Settings, state: StateStore | None = None) -> Services:
    from publisher.covers.maker import CoverMaker

    limits = settings.rate_limits
    pictures = RateLimiter(limits.unsplash_per_second, name="unsplash")
    unsplash = paced_session(pictures, pool_size=2)
    state = state or StateStore.in_dir(settings.state_dir)
    # starts at the configured rate, then follows the API's rate-limit headers
    llm = RateLimiter(limits.llm_per_minute / 60, burst=settings.concurrency, name="llm")
    cms = strapi_limiter(settings)
    return Services(
        state=state,
        target=build_target(settings, cms),
        covers=CoverMaker(settings, cover_cache_dir(settings), session=unsplash),
        enricher_factory=lambda: build_enricher(settings, state, llm),
        llm_limiter=llm,
        limiters=[llm, cms, pictures],
    )

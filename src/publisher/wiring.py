"""Builds the real services from settings; SDK-heavy modules are imported only when used."""

from __future__ import annotations

from pathlib import Path

from publisher.config import Settings
from publisher.enrich.step import EnricherLike
from publisher.pipeline import Services
from publisher.ratelimit import RateLimiter, paced_session
from publisher.state import StateStore
from publisher.targets.base import Target


def build_target(settings: Settings) -> Target:
    if settings.target == "strapi":
        from publisher.targets.strapi import StrapiTarget

        limiter = RateLimiter(settings.rate_limits.strapi_per_second, burst=settings.concurrency)
        return StrapiTarget(
            settings.strapi,
            settings.locales,
            settings.primary_locale,
            session=paced_session(limiter, pool_size=settings.concurrency),
        )
    from publisher.targets.files import FilesTarget

    return FilesTarget(settings.site_dir, settings.locales)


def build_enricher(settings: Settings) -> EnricherLike:
    from publisher.enrich import Enricher

    return Enricher(settings)


def cover_cache_dir(settings: Settings) -> Path:
    return settings.state_dir / "covers"


def build_services(settings: Settings, state: StateStore | None = None) -> Services:
    from publisher.covers.maker import CoverMaker

    limits = settings.rate_limits
    unsplash = paced_session(RateLimiter(limits.unsplash_per_second), pool_size=2)
    return Services(
        state=state or StateStore.in_dir(settings.state_dir),
        target=build_target(settings),
        covers=CoverMaker(settings, cover_cache_dir(settings), session=unsplash),
        enricher_factory=lambda: build_enricher(settings),
        llm_limiter=RateLimiter(limits.llm_per_minute / 60, burst=settings.concurrency),
    )

"""Builds the real services from settings; SDK-heavy modules are imported only when used."""

from __future__ import annotations

from pathlib import Path

from publisher.config import Settings
from publisher.pipeline import EnricherLike, Services
from publisher.state import StateStore
from publisher.targets.base import Target


def build_target(settings: Settings) -> Target:
    if settings.target == "strapi":
        from publisher.targets.strapi import StrapiTarget

        return StrapiTarget(settings.strapi, settings.locales, settings.primary_locale)
    from publisher.targets.files import FilesTarget

    return FilesTarget(settings.site_dir, settings.locales)


def build_enricher(settings: Settings) -> EnricherLike:
    from publisher.enrich import Enricher

    return Enricher(settings)


def cover_cache_dir(settings: Settings) -> Path:
    return settings.state_dir / "covers"


def build_services(settings: Settings, state: StateStore | None = None) -> Services:
    from publisher.covers import CoverMaker

    return Services(
        state=state or StateStore.in_dir(settings.state_dir),
        target=build_target(settings),
        covers=CoverMaker(settings, cover_cache_dir(settings)),
        enricher_factory=lambda: build_enricher(settings),
    )

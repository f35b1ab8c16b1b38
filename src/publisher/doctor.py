"""``publisher doctor``: every check a new install needs, each with what to fix."""

from __future__ import annotations

import os
from dataclasses import dataclass

from publisher.config import Settings
from publisher.errors import ConfigError


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None


def _writable(path: os.PathLike[str] | str) -> bool:
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK)


def local_checks(settings: Settings) -> list[Check]:
    from publisher.enrich import require_llm

    checks = [
        Check(
            "notes dir",
            settings.notes_dir.is_dir(),
            str(settings.notes_dir),
            "create it or set notes_dir / PUBLISHER_NOTES_DIR",
        ),
        Check(
            "state dir",
            _writable(settings.state_dir),
            str(settings.state_dir),
            "make it writable or set state_dir / PUBLISHER_STATE_DIR",
        ),
        Check(
            "prompts",
            settings.llm.prompts_dir.is_dir(),
            str(settings.llm.prompts_dir),
            "run from the blog folder or set llm.prompts_dir",
        ),
    ]
    try:
        require_llm(settings)
        checks.append(Check("llm", True, f"{settings.provider} / {settings.model}"))
    except ConfigError as exc:
        checks.append(Check("llm", False, str(exc), "see docs/providers.md"))
    return checks


def target_checks(settings: Settings) -> list[Check]:
    if settings.target == "files":
        return [
            Check(
                "site dir",
                _writable(settings.site_dir),
                str(settings.site_dir),
                "make it writable or set site_dir / PUBLISHER_SITE_DIR",
            )
        ]
    from publisher.targets.strapi import StrapiTarget

    target = StrapiTarget(settings.strapi, settings.locales, settings.primary_locale)
    return [Check(c.name, c.ok, c.detail, c.fix) for c in target.doctor()]


def run_checks(settings: Settings) -> list[Check]:
    return [*local_checks(settings), *target_checks(settings)]

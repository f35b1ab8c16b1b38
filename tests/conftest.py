"""Shared fixtures: a clean environment, isolated settings, a notes folder, the doubles."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from doubles import FakeCovers, FakeEnricher, write_note
from fakes.anthropic_server import FakeAnthropic
from publisher.config import Settings, load_settings

STANDARD_VARS = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "STRAPI_URL",
    "STRAPI_TOKEN",
    "UNSPLASH_ACCESS_KEY",
    "PUBLISHER_CONFIG",
)


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    """A CLI run configures the 'publisher' logger; the next test gets it back untouched."""
    logger = logging.getLogger("publisher")
    handlers, level = list(logger.handlers), logger.level
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own keys or PUBLISHER_* settings."""
    for name in list(os.environ):
        if name.startswith("PUBLISHER_") or name in STANDARD_VARS:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    for note_id in ("alpha", "beta", "gamma"):
        write_note(folder, note_id)
    return folder


@pytest.fixture
def make_settings(tmp_path: Path, notes_dir: Path) -> Callable[..., Settings]:
    def make(**overrides: object) -> Settings:
        base: dict[str, object] = {
            "notes_dir": notes_dir,
            "state_dir": tmp_path / "state",
            "site_dir": tmp_path / "site",
            "target": "files",
            "concurrency": 2,
        }
        base.update(overrides)
        return load_settings(None, **base)

    return make


@pytest.fixture
def fake_enricher() -> Iterator[FakeEnricher]:
    yield FakeEnricher()


@pytest.fixture
def fake_covers(tmp_path: Path) -> FakeCovers:
    return FakeCovers(tmp_path / "covers")


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropic]:
    """The local fake Messages API, with ANTHROPIC_BASE_URL pointing the real SDK at it."""
    with FakeAnthropic() as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        yield server

"""What the Hugo and Astro build tests share: publishing the example notes into a site's
content folder (only the LLM faked), and checking the built post pages and their covers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from fakes.anthropic_server import FakeAnthropic
from publisher.cli import app

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("ru", "en")
EXAMPLE_NOTES = ROOT / "examples" / "notes"


class Images(HTMLParser):
    """Every <img src> and the page's <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self.sources.append(values.get("src") or "")
        elif tag == "html":
            self.lang = values.get("lang") or ""


@contextmanager
def examples_blog(
    notes: Path, content: Path, state: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeAnthropic]:
    """The CLI set up to publish ``notes`` into ``content`` through the fake Messages API."""
    monkeypatch.setenv("PUBLISHER_CONFIG", str(ROOT / "config" / "publisher.example.toml"))
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(notes))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(state))
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(content))
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.chdir(ROOT)
    with FakeAnthropic() as llm:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", llm.url)
        yield llm


def publish_examples(content: Path, state: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """``publisher run`` of examples/notes into ``content``; returns how many notes there are.

    The fake model gives every note the same titles, so the sites also show that same-title
    posts keep distinct pages in both languages.
    """
    with examples_blog(EXAMPLE_NOTES, content, state, monkeypatch):
        result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    return len(list(EXAMPLE_NOTES.iterdir()))


def require_tool(found: object, install: str) -> None:
    """Skip a build test on a machine without the tool; under CI a missing tool fails it."""
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"not installed: {install}")
    pytest.skip(f"not installed: {install}")


def assert_post_pages(public: Path, notes: int, not_posts: tuple[str, ...] = ()) -> None:
    """Each locale has one page per note, in its language, whose cover <img> is a built file."""
    for locale in LOCALES:
        posts = [
            p for p in (public / locale).glob("*/index.html") if p.parent.name not in not_posts
        ]
        assert len(posts) == notes, f"{locale}: {[p.parent.name for p in posts]}"
        for page in posts:
            parsed = Images()
            parsed.feed(page.read_text(encoding="utf-8"))
            assert parsed.lang == locale, page
            assert len(parsed.sources) == 1, page
            target = public / urlsplit(parsed.sources[0]).path.lstrip("/")
            assert target.is_file() and target.stat().st_size > 1000, (page, parsed.sources)

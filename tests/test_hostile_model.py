"""A model that answers with HTML/JS payloads in every field: nothing runnable reaches site/.

The real pipeline runs through the CLI (selector, SDK, sanitizer, language check, covers, files
target) against a fake Messages API whose every title, description, body and tag carries nested,
entity-encoded, mixed-case and parenthesised payloads. Every page is then read back and rendered
as a trusting site would (site_check); code the model wrote must survive as code.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from fakes.hostile import CODE, HostileAnthropic
from publisher.cli import app
from site_check import violations

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    notes = tmp_path / "notes"
    notes.mkdir()
    for example in sorted((ROOT / "examples" / "notes").iterdir())[:2]:
        shutil.copy(example, notes / example.name)
    monkeypatch.setenv("PUBLISHER_CONFIG", str(ROOT / "config" / "publisher.example.toml"))
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(notes))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.chdir(ROOT)
    with HostileAnthropic() as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        yield tmp_path / "site"


def plain_fields(front: dict[str, Any]) -> list[str]:
    cover = front.get("cover") or {}
    return [
        str(front.get("title", "")),
        str(front.get("description", "")),
        *map(str, front.get("tags") or []),
        str(cover.get("alt", "")),
        str(cover.get("caption", "")),
    ]


def test_no_element_script_link_or_image_from_the_model_reaches_the_site(site: Path) -> None:
    result = runner.invoke(app, ["run"])

    assert result.exit_code == 0, result.output
    pages = sorted(site.rglob("*.md"))
    assert len(pages) == 4
    for page in pages:
        _, header, body = page.read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.safe_load(header)
        for text in plain_fields(front):
            assert "<" not in text and "javascript:" not in text.lower(), (page, text)
            assert violations(text) == [], (page, text)
        assert violations(body) == [], page
        assert CODE in body, "code the model wrote is kept as code"
        assert "tracker.example" not in body
    assert "warning" in result.output.lower() or "removed" in result.output.lower()

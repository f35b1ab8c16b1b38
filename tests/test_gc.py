"""`publisher gc`: only publisher's unlinked uploads, listed by default, deleted on --apply."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import responses
from typer.testing import CliRunner

from publisher.cli import app

URL = "http://strapi.test"
SHA = "ab" * 32
runner = CliRunner()
FILES = [
    {"id": 1, "name": f"post--publisher-{SHA}.png", "related": [{"id": 9}]},
    {"id": 2, "name": f"old-post--publisher-{SHA}.jpg", "related": [], "createdAt": "2026-12-01"},
    {"id": 3, "name": "logo--publisher-notahash.png", "related": []},
]


@pytest.fixture
def strapi_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[responses.RequestsMock]:
    monkeypatch.setenv("STRAPI_URL", URL)
    monkeypatch.setenv("STRAPI_TOKEN", "gc-test-token-123456")
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as fake:
        fake.get(f"{URL}/api/i18n/locales", json=[{"code": "ru"}, {"code": "en"}])
        fake.get(f"{URL}/api/notes", json={"data": []})
        fake.get(f"{URL}/api/upload/files", json=FILES)
        fake.delete(f"{URL}/api/upload/files/2", json={"id": 2})
        yield fake


def deletes(fake: responses.RequestsMock) -> list[str]:
    return [c.request.path_url for c in fake.calls if c.request.method == "DELETE"]


def test_gc_lists_unlinked_publisher_uploads_and_deletes_nothing_by_default(
    strapi_env: responses.RequestsMock,
) -> None:
    result = runner.invoke(app, ["gc"])

    assert result.exit_code == 0, result.output
    assert f"unused  file 2: old-post--publisher-{SHA}.jpg (2026-12-01)" in result.stdout
    assert "file 1" not in result.stdout and "file 3" not in result.stdout
    assert "gc: 1 unused upload(s); run `publisher gc --apply` to delete them" in result.stdout
    assert deletes(strapi_env) == []


@pytest.mark.parametrize("flag", ["--apply", "--yes"])
def test_gc_apply_deletes_exactly_the_unlinked_publisher_uploads(
    strapi_env: responses.RequestsMock, flag: str
) -> None:
    result = runner.invoke(app, ["gc", flag])

    assert result.exit_code == 0, result.output
    assert deletes(strapi_env) == ["/api/upload/files/2"]
    assert "gc: 1 unused upload(s) deleted" in result.stdout


def test_gc_with_the_files_target_has_nothing_to_collect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    result = runner.invoke(app, ["gc"])

    assert result.exit_code == 0
    assert "nothing to collect" in result.stdout


@pytest.mark.parametrize(("status", "code"), [(401, 2), (503, 1)])
def test_gc_exit_codes_follow_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: int, code: int
) -> None:
    monkeypatch.setenv("STRAPI_URL", URL)
    monkeypatch.setenv("STRAPI_TOKEN", "gc-test-token-123456")
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PUBLISHER_STRAPI__MAX_RETRIES", "0")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as fake:
        fake.get(f"{URL}/api/i18n/locales", status=status, json={})
        result = runner.invoke(app, ["gc"])

    assert result.exit_code == code, result.output
    assert result.stderr.startswith("error: gc: ")
    assert deletes(fake) == []

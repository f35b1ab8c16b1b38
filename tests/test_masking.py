"""Secrets in settings never reach the terminal: config, doctor, run and their errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doubles import write_note
from publisher.cli import app
from publisher.config import load_settings
from publisher.masking import MaskedStream, Masker, mask_userinfo, secrets_of

runner = CliRunner()
URL = "http://editor:hunter2-pass@127.0.0.1:9"


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_note(tmp_path / "notes", "alpha")
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(tmp_path / "notes"))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("STRAPI_URL", URL)
    monkeypatch.setenv("STRAPI_TOKEN", "strapi-token-secret")
    monkeypatch.setenv("PUBLISHER_STRAPI__MAX_RETRIES", "0")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-api-secret")
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    return tmp_path


def assert_clean(text: str) -> None:
    for secret in ("hunter2", "editor:", "strapi-token-secret", "sk-ant-api-secret"):
        assert secret not in text


def test_userinfo_is_masked_in_any_text() -> None:
    assert mask_userinfo(f"cannot connect to {URL}/api: refused") == (
        "cannot connect to http://********@127.0.0.1:9/api: refused"
    )
    assert mask_userinfo("see https://example.com/a@b") == "see https://example.com/a@b"


def test_secrets_of_settings_include_url_credentials(blog: Path) -> None:
    secrets = secrets_of(load_settings())
    assert {"editor:hunter2-pass", "hunter2-pass", "strapi-token-secret"} <= set(secrets)
    assert Masker(secrets)("token strapi-token-secret, pass hunter2-pass") == (
        "token ********, pass ********"
    )


def test_masked_stream_masks_writes_and_passes_the_rest_through() -> None:
    inner = io.StringIO()
    stream = MaskedStream(inner, Masker(["abcd-secret"]))  # type: ignore[arg-type]
    stream.write("x abcd-secret y\n")
    assert inner.getvalue() == "x ******** y\n"
    assert stream.getvalue() == inner.getvalue()  # delegated


def test_config_prints_no_url_credentials(blog: Path) -> None:
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["strapi"]["url"] == "http://********@127.0.0.1:9"
    assert_clean(result.output)


def test_doctor_prints_no_url_credentials(blog: Path) -> None:
    result = runner.invoke(app, ["doctor"])
    assert "127.0.0.1:9" in result.output  # the check ran and named the server
    assert_clean(result.output)


def test_run_prints_no_url_credentials(blog: Path) -> None:
    result = runner.invoke(app, ["run"])
    assert result.exit_code != 0
    assert "127.0.0.1:9" in result.output
    assert_clean(result.output)


def test_an_invalid_url_is_reported_without_its_credentials(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRAPI_URL", "ftp://editor:hunter2-pass@host")
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 2
    assert "ftp://********@host" in result.stderr
    assert_clean(result.output)

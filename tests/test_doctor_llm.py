"""``publisher doctor`` asks the LLM service itself: a wrong key or model name is caught early."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fakes.anthropic_server import FakeAnthropic
from fakes.openai_server import FakeOpenAI
from publisher.cli import app

runner = CliRunner()


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def anthropic(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropic]:
    with FakeAnthropic(api_key="sk-right", models=("claude-sonnet-5-5",)) as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        yield server


def llm_line(output: str) -> str:
    return next(line for line in output.splitlines() if " llm:" in line)


def test_doctor_proves_the_anthropic_key_and_model(
    blog: Path, anthropic: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-right")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert llm_line(result.stdout).startswith("ok   llm: anthropic / claude-sonnet-5-5: key and")
    assert [s.path for s in anthropic.seen] == ["/v1/messages/count_tokens"]


def test_doctor_fails_on_a_refused_key(
    blog: Path, anthropic: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-wrong")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 3
    line = llm_line(result.stdout)
    assert line.startswith("FAIL llm:") and "credentials" in line
    assert "sk-wrong" not in result.stdout


def test_doctor_fails_on_an_unknown_model(
    blog: Path, anthropic: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-right")
    monkeypatch.setenv("PUBLISHER_MODEL", "claude-sonet-5-5")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 3
    line = llm_line(result.stdout)
    assert line.startswith("FAIL llm:") and "claude-sonet-5-5" in line


def test_doctor_checks_an_openai_compatible_server_serves_the_model(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAI(models=("llama3.1", "qwen2.5")) as server:
        monkeypatch.setenv("PUBLISHER_PROVIDER", "openai-compatible")
        monkeypatch.setenv("PUBLISHER_OPENAI__BASE_URL", f"{server.url}/v1")
        monkeypatch.setenv("PUBLISHER_MODEL", "qwen2.5")
        good = runner.invoke(app, ["doctor"])
        monkeypatch.setenv("PUBLISHER_MODEL", "mistral")
        bad = runner.invoke(app, ["doctor"])
    assert good.exit_code == 0, good.output
    assert llm_line(good.stdout).startswith("ok   llm: openai-compatible / qwen2.5")
    assert bad.exit_code == 3
    assert "'mistral' is not served" in llm_line(bad.stdout)
    assert "llama3.1, qwen2.5" in llm_line(bad.stdout)


def test_doctor_runs_the_claude_cli_and_names_a_missing_one(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_bin = Path(__file__).parent / "fakes" / "bin"
    monkeypatch.setenv("PATH", f"{fake_bin}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PUBLISHER_PROVIDER", "claude-cli")
    good = runner.invoke(app, ["doctor"])
    monkeypatch.setenv("PUBLISHER_CLAUDE_CLI__EXECUTABLE", str(blog / "no-such-claude"))
    bad = runner.invoke(app, ["doctor"])
    assert good.exit_code == 0, good.output
    assert llm_line(good.stdout).startswith("ok   llm: claude-cli")
    assert "2.1.197 (Claude Code)" in llm_line(good.stdout)
    assert bad.exit_code == 3
    assert llm_line(bad.stdout).startswith("FAIL llm:")
    assert "no-such-claude" in llm_line(bad.stdout)

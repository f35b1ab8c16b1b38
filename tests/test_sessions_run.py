"""Sessions through the CLI: `select` on a session file, and `run` over a folder of sessions
with only the Anthropic API faked (real renderer, redaction, selector, state, files target)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fakes.anthropic_server import FakeAnthropic
from publisher.cli import app
from publisher.config import load_settings
from publisher.status import status_rows

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = ROOT / "tests" / "data" / "sessions"
TUNE = SESSIONS / "set" / "tune"
runner = CliRunner()


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    for path in [*TUNE.glob("*.jsonl"), *SESSIONS.glob("claude_code/billing/*.jsonl")]:
        shutil.copy(path, notes / path.name)
    monkeypatch.setenv("PUBLISHER_CONFIG", str(ROOT / "config" / "publisher.example.toml"))
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(notes))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    # The real Claude Code fixtures were recorded on 2026-12-07; idle_minutes (tested with a
    # controlled clock in test_sources.py) must not make this test depend on the hour it runs.
    monkeypatch.setenv("PUBLISHER_SESSIONS__IDLE_MINUTES", "0")
    monkeypatch.chdir(ROOT)
    return tmp_path


def calls(server: FakeAnthropic) -> int:
    return sum(1 for seen in server.seen if seen.path == "/v1/messages")


def test_run_publishes_each_session_once_and_a_rerun_does_nothing(
    blog: Path, llm: FakeAnthropic
) -> None:
    sessions = len(list((blog / "notes").iterdir()))
    with (blog / "notes" / "en-cc-pg-pool.jsonl").open("a", encoding="utf-8") as stream:
        stream.write('{"type": "us\n')
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    assert calls(llm) == sessions, result.output
    assert len(list((blog / "site").rglob("*.md"))) == 2 * sessions
    assert "en-cc-pg-pool.jsonl:" in result.stderr and "skipped a malformed" in result.stderr
    sent = "\n".join(json.dumps(seen.body, ensure_ascii=False) for seen in llm.seen)
    assert "PRIVATE" not in sent  # no thinking text ever reaches the model
    for secret in ("AKIAIOSFODNN7EXAMPLF", "ghp_Q7mZt2LkP9xW4vB8nR3cY6dF1hJ5sA0eK2uG"):
        assert secret not in sent

    again = runner.invoke(app, ["run"])
    assert again.exit_code == 0
    assert calls(llm) == sessions
    assert f"{sessions} unchanged" in again.stdout

    rows = status_rows(load_settings())
    assert {row.source for row in rows} == {"claude-code", "codex"}
    assert {row.stage for row in rows} == {"published"}


def test_select_on_a_real_session_prints_no_thinking_and_no_planted_secret(blog: Path) -> None:
    path = next(p for p in (blog / "notes").glob("*.jsonl") if "replay.py" in p.read_text("utf-8"))
    result = runner.invoke(app, ["select", str(path)])
    assert result.exit_code == 0, result.output
    assert "ghp_Q7mZt2LkP9xW4vB8nR3cY6dF1hJ5sA0eK2uG" not in result.stdout
    assert "‹redacted:github-token›" in result.stdout
    assert "PRIVATE-THINKING" not in result.stdout
    assert "ERROR replay: batch 301 rejected" in result.stdout


@pytest.mark.parametrize("path", sorted(TUNE.glob("*.jsonl")), ids=lambda p: p.stem)
def test_regression_guard_tuned_session_set(path: Path) -> None:
    """Tuned on these sessions: keeps >= 0.9 of the must-have snippets in 40-60 lines, with
    no thinking text and no planted secret."""
    labels = json.loads(path.with_suffix(".labels.json").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["select", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert 40 <= len(lines) <= 60
    found = sum(snippet in result.stdout for snippet in labels["must"])
    assert found / len(labels["must"]) >= 0.9
    assert not any(text in result.stdout for text in labels["thinking"])
    assert not any(secret in result.stdout for secret in labels["secrets"])


def test_scan_finds_the_secret_in_a_session_and_names_the_session(blog: Path) -> None:
    result = runner.invoke(app, ["scan", str(blog / "notes")])
    assert result.exit_code == 1
    hits = [line.split("\t") for line in result.stdout.splitlines()]
    github = [hit for hit in hits if hit[2] == "github-token"]
    assert any(hit[0] == "claude-code-ce5a59d0-4913-4f21-9fb9-590c20e0656b" for hit in github)
    assert "ghp_Q7mZt2LkP9xW4vB8nR3cY6dF1hJ5sA0eK2uG" not in result.stdout


def test_a_resumed_session_is_an_edit_that_updates_the_same_documents(
    blog: Path, llm: FakeAnthropic
) -> None:
    assert runner.invoke(app, ["run"]).exit_code == 0
    pages = sorted((blog / "site").rglob("*.md"))
    before = calls(llm)
    session = next(p for p in (blog / "notes").glob("*.jsonl") if "2.68" in p.read_text("utf-8"))
    resumed = {
        "type": "user",
        "uuid": "resumed-1",
        "sessionId": "44dd0ce0-e55f-42bf-b8ef-f09a3cd66403",
        "timestamp": "2026-12-07T18:00:00.000Z",
        "message": {"role": "user", "content": "Also round the tax line the same way."},
    }
    with session.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(resumed) + "\n")
    again = runner.invoke(app, ["run"])
    assert again.exit_code == 0, again.output
    assert calls(llm) == before + 1
    assert sorted((blog / "site").rglob("*.md")) == pages
    assert "1 published" in again.stdout


def test_preview_of_a_session_by_path_shows_its_selection_and_prompt(blog: Path) -> None:
    path = next(p for p in (blog / "notes").glob("*.jsonl") if "2.68" in p.read_text("utf-8"))
    result = runner.invoke(app, ["preview", "--no-llm", str(path)])
    assert result.exit_code == 0, result.output
    preview = json.loads(result.stdout)
    assert preview["note_id"] == "claude-code-44dd0ce0-e55f-42bf-b8ef-f09a3cd66403"
    assert "⏺ Bash(python3 check.py)" in preview["prompt"]["user"]
    assert "PRIVATE-THINKING" not in result.stdout


def test_status_lists_sessions_with_their_source_kind(blog: Path) -> None:
    from publisher.status_view import status_table

    rows = status_rows(load_settings())
    table = status_table(rows, terminal=False, width=120)
    assert [column.header for column in table.columns][:2] == ["id", "source"]
    assert {row.source for row in rows} == {"claude-code", "codex"}
    assert {row.stage for row in rows} == {"new"}


def test_status_keeps_where_or_why_at_80_columns_beside_long_session_ids(blog: Path) -> None:
    """With the source column, full-width ids left no room and rich dropped the last column."""
    from rich.console import Console

    from publisher.status_view import status_table

    console = Console(width=80, record=True, force_terminal=False)
    console.print(status_table(status_rows(load_settings()), terminal=False, width=80))
    lines = console.export_text().splitlines()
    assert "where / " in lines[0]
    assert all(len(line) <= 80 for line in lines)
    assert all(".jsonl" in line or "…" in line for line in lines[1:] if line.strip())

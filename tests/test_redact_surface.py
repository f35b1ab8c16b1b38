"""Redaction where a user meets it: the source, ``select --explain``, ``preview``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publisher.cli import app
from publisher.redact import RedactSettings
from publisher.source import read_note

GH = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0PpOoNnMmLlKkJjIi"
NOTE = f"""---
title: Rotating the deploy token
---
I pushed with GITHUB_TOKEN={GH} and it worked.
Then DB_PASSWORD=Pg-S3cret-9 was rejected by the replica.
"""


def test_the_source_hands_out_only_redacted_text_and_hashes_it(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text(NOTE, encoding="utf-8")
    note = read_note(path, 10_000)
    assert GH not in note.body and "Pg-S3cret-9" not in note.body
    assert "‹redacted:github-token›" in note.body
    assert note.redactions == {"github-token": 1, "password": 1}
    assert GH in note.secrets
    dumped = note.model_dump_json()
    assert GH not in dumped and GH not in repr(note)
    assert read_note(path, 10_000).content_hash == note.content_hash  # reruns are idempotent


def test_allow_list_from_settings_reaches_the_source(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text(NOTE, encoding="utf-8")
    note = read_note(path, 10_000, RedactSettings(allow=["Pg-S3cret-9"]))
    assert "Pg-S3cret-9" in note.body and GH not in note.body


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "tok.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(notes))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(tmp_path / "site"))
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    return tmp_path


def test_select_explain_shows_placeholders_and_the_findings_count(env: Path) -> None:
    result = CliRunner().invoke(app, ["select", "--explain", str(env / "notes" / "tok.md")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "# redacted: 2 secret(s) (github-token 1, password 1)"
    assert GH not in result.output and "‹redacted:github-token›" in result.stdout


def test_select_of_a_huge_note_streams_and_still_redacts(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_MAX_NOTE_BYTES", "1000")
    path = env / "big.md"
    path.write_text(NOTE + "filler line\n" * 200 + f"again {GH}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["select", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    assert GH not in result.output and "Pg-S3cret-9" not in result.output


def test_preview_no_llm_shows_placeholders_and_counts(env: Path) -> None:
    result = CliRunner().invoke(app, ["preview", "--no-llm", "tok"])
    assert result.exit_code == 0, result.output
    assert GH not in result.stdout and "Pg-S3cret-9" not in result.stdout
    data = json.loads(result.stdout)
    assert data["redactions"] == {"github-token": 1, "password": 1}
    assert "‹redacted:password›" in data["prompt"]["user"]


def test_scan_lists_masked_findings_with_file_lines_and_exits_1(env: Path) -> None:
    result = CliRunner().invoke(app, ["scan"])
    assert result.exit_code == 1, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    path = str(env / "notes" / "tok.md")
    assert rows == [
        ["tok", f"{path}:4", "github-token", "ghp_…(40 chars)"],
        ["tok", f"{path}:5", "password", "…(11 chars)"],
    ]
    assert GH not in result.output and "Pg-S3cret-9" not in result.output
    assert "2 secret(s) in 1 file(s)" in result.stderr


def test_scan_of_the_folder_refuses_a_link_out_of_it_and_does_not_read_it(
    env: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(f"token {GH}\n", encoding="utf-8")
    (env / "notes" / "tok.md").unlink()
    link = env / "notes" / "leak.md"
    link.symlink_to(outside)
    result = CliRunner().invoke(app, ["scan"])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""  # the file behind the link was not read
    refused = f"refused: {link}: symlink leads outside the notes folder (-> {outside}); not read"
    assert refused in result.stderr.splitlines()


def test_scan_of_a_clean_file_by_path_or_id_exits_0(env: Path) -> None:
    clean = env / "notes" / "clean.md"
    clean.write_text("---\nid: clean-one\n---\nNothing to hide: sha 9fceb02d0ae598e9\n")
    assert CliRunner().invoke(app, ["scan", str(clean)]).exit_code == 0
    assert CliRunner().invoke(app, ["scan", "clean-one"]).exit_code == 0
    assert CliRunner().invoke(app, ["scan", "tok"]).exit_code == 1


def test_scan_of_an_unknown_reference_is_a_usage_error(env: Path) -> None:
    result = CliRunner().invoke(app, ["scan", "nope"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: 'nope' is neither a file")


def test_a_bad_redact_regex_is_a_configuration_error(env: Path) -> None:
    config = env / "publisher.toml"
    config.write_text('[redact]\nextra = { broken = "(" }\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(config), "scan"])
    assert result.exit_code == 2
    assert "redact.extra" in result.stderr and "not a valid regex" in result.stderr


def test_redact_settings_reach_scan_allow_and_extra(env: Path) -> None:
    config = env / "publisher.toml"
    config.write_text(
        '[redact]\nallow = ["Pg-S3cret-9"]\nextra = { ticket = "TKT-[0-9]{6}" }\n',
        encoding="utf-8",
    )
    (env / "notes" / "t.md").write_text("ticket TKT-123456 closed\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(config), "scan"])
    kinds = [line.split("\t")[2] for line in result.stdout.splitlines()]
    assert sorted(kinds) == ["github-token", "ticket"]

"""[[sources]]: note files and agent sessions read by content, filtered, and waited for."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from publisher.config import Settings, SourceSettings
from publisher.errors import UsageError
from publisher.sources import find_note, scan_sources

DATA = Path(__file__).parent / "data" / "sessions"
BILLING = DATA / "claude_code" / "billing"
CODEX = DATA / "set" / "tune" / "en-codex-go-race.jsonl"
LATER = time.time() + 30 * 86400  # "now" for scans: every fixture session is long idle


RESUMED = datetime(2030, 1, 1, tzinfo=UTC)


def resume(path: Path) -> None:
    """The agent writes to the session again, at RESUMED."""
    stamp = RESUMED.isoformat().replace("+00:00", "Z")
    record = {"type": "user", "uuid": "resumed", "timestamp": stamp,
              "message": {"role": "user", "content": "and one more thing"}}  # fmt: skip
    with path.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(record) + "\n")


def claude_root(tmp_path: Path) -> Path:
    """A ~/.claude/projects copy: two real sessions and a sub-agent file."""
    root = tmp_path / "claude"
    shutil.copytree(BILLING, root / "-home-dev-billing")
    return root


def test_notes_folder_reads_session_files_by_their_content(
    make_settings: Callable[..., Settings], notes_dir: Path
) -> None:
    shutil.copy(CODEX, notes_dir / "race.jsonl")
    shutil.copy(next(BILLING.glob("*.jsonl")), notes_dir / "exported.md")
    scan = scan_sources(make_settings(), now=LATER)
    kinds = sorted((note.source_kind, note.id[:12]) for note in scan.notes)
    assert [k for k, _ in kinds] == ["claude-code", "codex", "notes", "notes", "notes"]
    assert not scan.problems


def test_a_jsonl_file_that_is_no_session_is_a_problem_naming_it(
    make_settings: Callable[..., Settings], notes_dir: Path
) -> None:
    (notes_dir / "data.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
    scan = scan_sources(make_settings())
    assert [(p.path.name, p.reason) for p in scan.problems] == [
        ("data.jsonl", "not a Claude Code or Codex session")
    ]


def test_claude_code_source_takes_sessions_not_their_sub_agent_files(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    root = claude_root(tmp_path)
    source = SourceSettings(kind="claude-code", roots=[root])
    scan = scan_sources(make_settings(sources=[source]), now=LATER)
    assert len(scan.notes) == 2
    assert all(note.id.startswith("claude-code-") for note in scan.notes)
    assert {note.project for note in scan.notes} == {"billing"}


def test_a_session_written_to_recently_waits_for_a_later_run(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    root = claude_root(tmp_path)
    fresh = next(root.glob("*/*.jsonl"))
    resume(fresh)
    os.utime(fresh, (0, 0))  # the file's own date does not matter, the records' dates do
    settings = make_settings(sources=[SourceSettings(kind="claude-code", roots=[root])])
    scan = scan_sources(settings, now=RESUMED.timestamp() + 60)
    assert len(scan.notes) == 1
    assert [w.path for w in scan.waiting] == [fresh]
    assert "waiting" in scan.waiting[0].reason
    assert len(scan_sources(settings, now=RESUMED.timestamp() + 3601).notes) == 2


def test_a_copied_session_keeps_its_age(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    root = claude_root(tmp_path)
    for path in root.rglob("*.jsonl"):
        os.utime(path)  # copied just now
    settings = make_settings(sources=[SourceSettings(kind="claude-code", roots=[root])])
    assert len(scan_sources(settings, now=LATER).notes) == 2


@pytest.mark.parametrize(
    ("source", "taken"),
    [
        (SourceSettings(kind="claude-code", project="*/billing"), 2),
        (SourceSettings(kind="claude-code", project="/home/*"), 0),
        (SourceSettings(kind="claude-code", since=date(2000, 1, 1)), 2),
        (SourceSettings(kind="claude-code", since=date(2999, 1, 1)), 0),
        (SourceSettings(kind="claude-code", min_user_turns=2), 0),
        (SourceSettings(kind="claude-code", min_lines=200), 0),
    ],
)
def test_source_filters(
    make_settings: Callable[..., Settings], tmp_path: Path, source: SourceSettings, taken: int
) -> None:
    source.roots = [claude_root(tmp_path)]
    assert len(scan_sources(make_settings(sources=[source]), now=LATER).notes) == taken


def test_sources_combine_and_an_id_is_found_in_any_of_them(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    sources = [SourceSettings(), SourceSettings(kind="claude-code", roots=[claude_root(tmp_path)])]
    settings = make_settings(sources=sources)
    scan = scan_sources(settings, now=LATER)
    assert len(scan.notes) == 5
    session = next(note for note in scan.notes if note.source_kind == "claude-code")
    assert find_note(settings, session.id).body == session.body
    with pytest.raises(UsageError, match="not found in"):
        find_note(settings, "nope")


def test_sources_from_toml(tmp_path: Path, make_settings: Callable[..., Settings]) -> None:
    from publisher.config import load_settings

    config = tmp_path / "publisher.toml"
    config.write_text(
        '[[sources]]\nkind = "notes"\n\n[[sources]]\nkind = "codex"\nproject = "*/etl"\n'
        'since = 2026-11-01\n\n[sessions]\nidle_minutes = 5\nsidechains = "omit"\n',
        encoding="utf-8",
    )
    settings = load_settings(config, target="files")
    assert [s.kind for s in settings.sources] == ["notes", "codex"]
    assert settings.sources[1].since == date(2026, 11, 1)
    assert settings.sources[1].folders(Path("notes")) == [Path("~/.codex/sessions").expanduser()]
    assert settings.sessions.sidechains == "omit"


def test_a_session_title_with_a_pasted_token_is_redacted(
    make_settings: Callable[..., Settings], notes_dir: Path
) -> None:
    token = "ghp_Q7mZt2LkP9xW4vB8nR3cY6dF1hJ5sA0eK2uG"
    text = next(BILLING.glob("*.jsonl")).read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if '"type":"user"' in line)
    prompt = first.split('"content":"', 1)[1].split('"', 1)[0]
    path = notes_dir / "s.jsonl"
    path.write_text(text.replace(prompt, f"my token is {token}"), encoding="utf-8")
    scan = scan_sources(make_settings(), now=LATER)
    note = next(n for n in scan.notes if n.source_kind == "claude-code")
    assert token not in (note.title or "") and token not in note.body
    assert "‹redacted:" in (note.title or "")


def test_links_leading_out_of_a_source_folder_are_refused_and_the_rest_read(
    make_settings: Callable[..., Settings], notes_dir: Path, tmp_path: Path
) -> None:
    """The run reads notes through scan_sources, so the notes-folder boundary must hold here."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(CODEX, outside / "session.jsonl")
    before = {note.id for note in scan_sources(make_settings(), now=LATER).notes}
    (notes_dir / "passwd.md").symlink_to("/etc/passwd")
    (notes_dir / "session.jsonl").symlink_to(outside / "session.jsonl")
    scan = scan_sources(make_settings(), now=LATER)
    reasons = {p.path.name: p.reason for p in scan.problems}
    refused = "symlink leads outside the notes folder (-> /etc/passwd); not read"
    assert reasons["passwd.md"] == refused
    assert reasons["session.jsonl"].startswith("symlink leads outside the notes folder")
    assert {note.source_kind for note in scan.notes} == {"notes"}
    assert before and {note.id for note in scan.notes} == before

"""Stored state holds only redacted text: a v4 database (written before redaction) is migrated."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from publisher.models import EnrichedNote, Selection
from publisher.redact import guard
from publisher.state import StateStore
from publisher.state_migrations import SCHEMA_VERSION

FIXTURE = Path(__file__).parent / "data" / "redact" / "state-v4.sqlite3"
GH = "ghp_" + "Q1w2E3r4T5y6U7i8O9p0AaSsDdFfGgHhJjKk"
PW = "Pg-" + "S3cret-9x"


def _all_text(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return "\n".join(db.iterdump())
    finally:
        db.close()


def test_fixture_was_written_by_the_previous_schema_and_holds_secrets() -> None:
    db = sqlite3.connect(FIXTURE)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
    finally:
        db.close()
    assert GH in _all_text(FIXTURE) and PW in _all_text(FIXTURE)


def test_migration_redacts_every_stored_text_in_place(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    shutil.copy(FIXTURE, path)
    store = StateStore(path)
    assert store.schema_version == SCHEMA_VERSION
    record = store.note("tok")
    assert record is not None and record.enrichment is not None
    enriched = record.enrichment
    assert "‹redacted:github-token›" in enriched.selection.lines[0].text
    assert "‹redacted:password›" in enriched.posts["en"].body
    other = store.note("other")
    assert other is not None and other.last_error is not None
    assert "‹redacted:github-token›" in other.last_error
    store.close()
    dump = _all_text(path)
    assert GH not in dump and PW not in dump


def test_migrated_database_reopens_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    shutil.copy(FIXTURE, path)
    StateStore(path).close()
    first = _all_text(path)
    StateStore(path).close()
    assert _all_text(path) == first


def test_guard_replaces_known_values_and_detected_tokens_in_every_field() -> None:
    selection = Selection(total_lines=1, lines=[])
    model = EnrichedNote(
        note_id="n",
        content_hash="0" * 64,
        source_path="n.md",
        primary_locale="en",
        selection=selection,
        posts={},
        image_query=f"laptop {PW}",
        tags=[GH],
    )
    warnings: list[str] = []
    clean = guard(model, {PW: "password"}, warnings=warnings)
    assert clean.image_query == "laptop ‹redacted:password›"
    assert clean.tags == ["‹redacted:github-token›"]
    assert len(warnings) == 1 and "2 secret value(s)" in warnings[0]
    assert guard(clean, {PW: "password"}, warnings=warnings) is clean

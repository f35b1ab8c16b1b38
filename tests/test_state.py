from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from publisher.models import EnrichedNote, LocalizedPost, Publication, Selection, Usage
from publisher.state import StateError, StateStore
from publisher.state_migrations import MIGRATIONS, SCHEMA_VERSION


def enriched(note_id: str = "n1", content_hash: str = "h1", cost: float = 0.01) -> EnrichedNote:
    post = LocalizedPost(locale="ru", title="Т", body="Б", slug="t", detected_language="ru")
    return EnrichedNote(
        note_id=note_id,
        content_hash=content_hash,
        source_path=f"/notes/{note_id}.md",
        primary_locale="ru",
        selection=Selection(total_lines=1, lines=[]),
        posts={"ru": post},
        usage=Usage(
            provider="p", model="m", calls=1, input_tokens=10, output_tokens=5, cost_usd=cost
        ),
    )


def test_fresh_database_is_at_latest_version(tmp_path: Path) -> None:
    store = StateStore.in_dir(tmp_path)
    assert store.schema_version == SCHEMA_VERSION
    mode = store._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_migrates_a_version_1_database_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    MIGRATIONS[0].apply(db)
    db.execute(
        "INSERT INTO notes (id, path, content_hash, stage, created_at, updated_at)"
        " VALUES ('old', '/n/old.md', 'h0', 'published', 't', 't')"
    )
    db.execute(
        "INSERT INTO publications (note_id, locale, target, target_id, status, published_hash,"
        " updated_at) VALUES ('old', 'ru', 'strapi', 'doc123', 'published', 'h0', 't')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()

    store = StateStore(path)
    assert store.schema_version == SCHEMA_VERSION
    record = store.note("old")
    assert record is not None and record.stage == "published" and record.batch_id is None
    assert store.publications("old", "strapi")["ru"].target_id == "doc123"
    store.log_usage("old", "run1", Usage(provider="p", model="m", calls=1, input_tokens=3))
    assert store.usage_for_run("run1").input_tokens == 3


def test_upgrades_a_version_3_database_with_a_waiting_batch(tmp_path: Path) -> None:
    """A database from before addresses and redaction: its batch and note survive the steps."""
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        step.apply(db)
    db.execute(
        "INSERT INTO notes (id, path, content_hash, stage, batch_id, created_at, updated_at)"
        " VALUES ('waiting', '/n/w.md', 'h1', 'new', 'b1', 't', 't')"
    )
    db.execute(
        "INSERT INTO batches (batch_id, provider, ticket, status, submitted_at, updated_at)"
        " VALUES ('b1', 'anthropic', '{}', 'submitted', 't', 't')"
    )
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()

    with StateStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [batch.batch_id for batch in store.open_batches()] == ["b1"]
        record = store.note("waiting")
        assert record is not None and record.batch_id == "b1"
        with store.transaction() as tx:  # the tables of the later steps exist
            assert tx.execute("SELECT count(*) FROM addresses").fetchone()[0] == 0


def test_every_step_is_named_once() -> None:
    names = [step.name for step in MIGRATIONS]
    assert all(names) and len(set(names)) == len(names) == SCHEMA_VERSION


def test_the_store_closes_at_the_end_of_its_block(tmp_path: Path) -> None:
    with StateStore.in_dir(tmp_path) as store:
        store.log_usage("n1", "run1", Usage(provider="p", model="m", calls=1))
    with pytest.raises(sqlite3.ProgrammingError):
        store.notes()


def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StateError, match="newer than this publisher"):
        StateStore(path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StateError, match="unusable"):
        StateStore(path)


def test_enrichment_roundtrip_and_usage_log(tmp_path: Path) -> None:
    store = StateStore.in_dir(tmp_path)
    store.save_enrichment(enriched(cost=0.02), "run-a")
    record = store.note("n1")
    assert record is not None and record.stage == "enriched"
    assert record.enrichment_for("h1") == enriched(cost=0.02)
    assert record.enrichment_for("other-hash") is None
    assert store.usage_for_run("run-a").cost_usd == pytest.approx(0.02)
    assert store.usage_for_run("run-b").calls == 0


def test_errors_count_attempts_and_clear_on_success(tmp_path: Path) -> None:
    store = StateStore.in_dir(tmp_path)
    store.mark_error("n1", "/n1.md", "h1", "strapi: 502", "pending", "publish")
    store.mark_error("n1", "/n1.md", "h1", "strapi: 502", "pending", "publish")
    record = store.note("n1")
    assert record is not None
    assert (record.attempts, record.error_kind, record.failed_at) == (2, "pending", "publish")
    store.save_enrichment(enriched(), "r")
    store.mark_published("n1", "h1")
    record = store.note("n1")
    assert record is not None
    assert (record.stage, record.last_error, record.attempts) == ("published", None, 0)


def test_publication_upsert_per_locale_and_target(tmp_path: Path) -> None:
    store = StateStore.in_dir(tmp_path)
    store.save_enrichment(enriched(), "r")
    pub = Publication(
        note_id="n1", locale="ru", target="strapi", target_id="d1", published_hash="h1"
    )
    store.record_publication(pub)
    store.record_publication(pub.model_copy(update={"file_id": "7", "published_hash": "h2"}))
    store.record_publication(pub.model_copy(update={"target": "files", "target_id": "ru/t.md"}))
    pubs = store.publications("n1", "strapi")
    assert list(pubs) == ["ru"]
    assert (pubs["ru"].file_id, pubs["ru"].published_hash) == ("7", "h2")
    assert store.publications("n1", "files")["ru"].target_id == "ru/t.md"


def test_incompatible_stored_enrichment_is_not_trusted(tmp_path: Path) -> None:
    store = StateStore.in_dir(tmp_path)
    store.save_enrichment(enriched(), "r")
    store._db.execute("UPDATE notes SET enrichment = '{\"note_id\": 1}'")
    record = store.note("n1")
    assert record is not None and record.enrichment is None


def test_a_crash_inside_a_write_leaves_no_trace(tmp_path: Path) -> None:
    store = StateStore.in_dir(tmp_path)
    with pytest.raises(RuntimeError), store._tx() as db:
        db.execute(
            "INSERT INTO notes (id, path, content_hash, created_at, updated_at)"
            " VALUES ('x', 'p', 'h', 't', 't')"
        )
        raise RuntimeError("killed")
    assert store.note("x") is None
    reopened = StateStore.in_dir(tmp_path)
    assert reopened.notes() == []


def test_snapshot_reads_but_never_writes_the_file(tmp_path: Path) -> None:
    assert StateStore.in_dir(tmp_path / "none", snapshot=True).notes() == []
    assert not (tmp_path / "none").exists()
    store = StateStore.in_dir(tmp_path)
    store.save_enrichment(enriched(), "r")
    store.close()
    before = (tmp_path / "state.sqlite3").read_bytes()
    snap = StateStore.in_dir(tmp_path, snapshot=True)
    assert [r.id for r in snap.notes()] == ["n1"]
    snap.mark_error("n1", "p", "h1", "boom", "failed", "enrich")
    assert (tmp_path / "state.sqlite3").read_bytes() == before
    assert StateStore.in_dir(tmp_path).note("n1").last_error is None  # type: ignore[union-attr]


def test_a_pending_note_keeps_the_time_it_first_started_waiting(tmp_path: Path) -> None:
    store = StateStore.in_dir(tmp_path)
    store.mark_error("n1", "/notes/n1.md", "h1", "anthropic: HTTP 500", "pending", "enrich")
    first = store.note("n1")
    assert first is not None and first.pending_since is not None
    store._db.execute("UPDATE notes SET pending_since = '2026-01-01T00:00:00+00:00'")
    store.mark_error("n1", "/notes/n1.md", "h1", "anthropic: HTTP 529", "pending", "enrich")
    assert [r.id for r in store.pending_since_before("2026-06-01T00:00:00+00:00")] == ["n1"]
    store.save_enrichment(enriched(), "run")
    store.mark_published("n1", "h1")
    assert store.pending_since_before("2099-01-01T00:00:00+00:00") == []


def test_a_failed_note_has_no_pending_age(tmp_path: Path) -> None:
    store = StateStore.in_dir(tmp_path)
    store.mark_error("n1", "/notes/n1.md", "h1", "anthropic: HTTP 500", "pending", "enrich")
    store.mark_error("n1", "/notes/n1.md", "h1", "invalid JSON twice", "failed", "enrich")
    record = store.note("n1")
    assert record is not None and record.pending_since is None

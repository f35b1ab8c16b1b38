"""The SQLite state database: what each note has reached, so cron runs are idempotent.

One connection guarded by a lock serialises writes from the worker threads; each method is
one transaction, committed before it returns, so a crash leaves every completed stage on
disk and nothing half-written. WAL mode lets ``publisher status`` read during a run.
The schema is versioned with ``PRAGMA user_version`` and upgraded by the named steps of
:mod:`publisher.state_migrations`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from publisher.models import EnrichedNote, Publication, Usage
from publisher.state_migrations import MIGRATIONS, SCHEMA_VERSION

Stage = Literal["new", "enriched", "published", "skipped"]
ErrorKind = Literal["failed", "pending"]
FailedAt = Literal["source", "enrich", "publish"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class NoteRecord(BaseModel):
    id: str
    path: str
    content_hash: str
    stage: Stage
    enrichment: EnrichedNote | None
    attempts: int
    last_error: str | None
    error_kind: ErrorKind | None
    failed_at: FailedAt | None
    batch_id: str | None
    updated_at: str
    pending_since: str | None = None
    skip_reason: str | None = None

    def enrichment_for(self, content_hash: str) -> EnrichedNote | None:
        """The stored enrichment, if it was made from this exact content."""
        if self.enrichment is not None and self.enrichment.content_hash == content_hash:
            return self.enrichment
        return None


class BatchRecord(BaseModel):
    batch_id: str
    provider: str
    ticket: str
    status: str
    submitted_at: str


class StateError(Exception):
    pass


class StateStore:
    def __init__(self, path: Path, *, snapshot: bool = False) -> None:
        """Open (and migrate) the database at ``path``.

        ``snapshot=True`` works on an in-memory copy instead, for dry runs: the file is only
        read, never created, migrated or written.
        """
        self.path = path
        self._lock = threading.RLock()
        try:
            if snapshot:
                self._db = self._snapshot(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout = 10000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StateError(f"state database {path} is unusable: {exc}") from exc

    @staticmethod
    def _snapshot(path: Path) -> sqlite3.Connection:
        memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        if path.exists():
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(memory)
            finally:
                source.close()
        return memory

    @classmethod
    def in_dir(cls, state_dir: Path, *, snapshot: bool = False) -> StateStore:
        return cls(state_dir / "state.sqlite3", snapshot=snapshot)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        """Closed however the block ends: every stage was committed as it completed."""
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    transaction = _tx  # for modules that keep their own tables here (addresses.py, learned.py)

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StateError(
                f"schema version {current} is newer than this publisher ({SCHEMA_VERSION}); upgrade"
            )
        for version in range(current, SCHEMA_VERSION):
            with self._tx() as db:
                MIGRATIONS[version].apply(db)
                db.execute(f"PRAGMA user_version = {version + 1}")

    # -- notes ---------------------------------------------------------------------------

    def note(self, note_id: str) -> NoteRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
        return self._record(row) if row else None

    def notes(self) -> list[NoteRecord]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM notes ORDER BY id").fetchall()
        return [self._record(row) for row in rows]

    def _record(self, row: sqlite3.Row) -> NoteRecord:
        data = dict(row)
        raw = data.pop("enrichment")
        try:
            enrichment = EnrichedNote.model_validate_json(raw) if raw else None
        except ValidationError:
            # An enrichment written by an older, incompatible version is re-made, not trusted.
            enrichment = None
        return NoteRecord(
            enrichment=enrichment, **{k: data[k] for k in NoteRecord.model_fields if k in data}
        )

    def _ensure(self, db: sqlite3.Connection, note_id: str, path: str, content_hash: str) -> None:
        now = _now()
        db.execute(
            """INSERT INTO notes (id, path, content_hash, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET path = excluded.path,
                   content_hash = excluded.content_hash, updated_at = excluded.updated_at""",
            (note_id, path, content_hash, now, now),
        )

    def save_enrichment(self, enriched: EnrichedNote, usage_run_id: str) -> None:
        """Store the result the LLM was paid for, before anything is published."""
        with self._tx() as db:
            self._ensure(db, enriched.note_id, enriched.source_path, enriched.content_hash)
            db.execute(
                """UPDATE notes SET stage = 'enriched', enrichment = ?, last_error = NULL,
                   error_kind = NULL, failed_at = NULL, batch_id = NULL, skip_reason = NULL,
                   updated_at = ?
                   WHERE id = ?""",
                (enriched.model_dump_json(), _now(), enriched.note_id),
            )
            self._log_usage(db, enriched.note_id, usage_run_id, enriched.usage)

    def update_enrichment(self, enriched: EnrichedNote) -> None:
        """Replace the stored enrichment (now with its cover) without logging usage again."""
        with self._tx() as db:
            db.execute(
                "UPDATE notes SET enrichment = ?, updated_at = ? WHERE id = ? AND content_hash = ?",
                (enriched.model_dump_json(), _now(), enriched.note_id, enriched.content_hash),
            )

    def log_usage(self, note_id: str, run_id: str, usage: Usage) -> None:
        """Usage of a call whose result was not kept (it still cost money)."""
        with self._tx() as db:
            self._log_usage(db, note_id, run_id, usage)

    def _log_usage(self, db: sqlite3.Connection, note_id: str, run_id: str, usage: Usage) -> None:
        if usage.calls == 0:
            return
        db.execute(
            """INSERT INTO llm_calls (note_id, run_id, provider, model, calls, input_tokens,
               output_tokens, cache_creation_input_tokens, cache_read_input_tokens, cost_usd,
               created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                note_id,
                run_id,
                usage.provider,
                usage.model,
                usage.calls,
                usage.input_tokens,
                usage.output_tokens,
                usage.cache_creation_input_tokens,
                usage.cache_read_input_tokens,
                usage.cost_usd,
                _now(),
            ),
        )

    def usage_for_run(self, run_id: str) -> Usage:
        with self._lock:
            row = self._db.execute(
                """SELECT COALESCE(SUM(calls), 0), COALESCE(SUM(input_tokens), 0),
                   COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cache_creation_input_tokens), 0),
                   COALESCE(SUM(cache_read_input_tokens), 0), COALESCE(SUM(cost_usd), 0)
                   FROM llm_calls WHERE run_id = ?""",
                (run_id,),
            ).fetchone()
        return Usage(
            calls=row[0],
            input_tokens=row[1],
            output_tokens=row[2],
            cache_creation_input_tokens=row[3],
            cache_read_input_tokens=row[4],
            cost_usd=round(row[5], 6),
        )

    def mark_published(self, note_id: str, content_hash: str) -> None:
        with self._tx() as db:
            db.execute(
                """UPDATE notes SET stage = 'published', last_error = NULL, error_kind = NULL,
                   failed_at = NULL, attempts = 0, pending_since = NULL, updated_at = ?
                   WHERE id = ? AND content_hash = ?""",
                (_now(), note_id, content_hash),
            )

    def mark_not_worth(self, note_id: str, content_hash: str, reason: str) -> None:
        """The model judged this content not worth a post: remembered until the note changes."""
        with self._tx() as db:
            db.execute(
                """UPDATE notes SET stage = 'skipped', skip_reason = ?, last_error = NULL,
                   error_kind = NULL, failed_at = NULL, updated_at = ?
                   WHERE id = ? AND content_hash = ?""",
                (reason, _now(), note_id, content_hash),
            )

    def mark_error(
        self,
        note_id: str,
        path: str,
        content_hash: str,
        error: str,
        kind: ErrorKind,
        failed_at: FailedAt,
    ) -> None:
        now = _now()
        # A pending note keeps the time it first started waiting; a failed one waits for a
        # person, not a service, so it has no pending age.
        with self._tx() as db:
            self._ensure(db, note_id, path, content_hash)
            db.execute(
                """UPDATE notes SET last_error = ?, error_kind = ?, failed_at = ?,
                   attempts = attempts + 1, updated_at = ?,
                   pending_since = CASE WHEN ? = 'pending' THEN COALESCE(pending_since, ?) END
                   WHERE id = ?""",
                (error, kind, failed_at, now, kind, now, note_id),
            )

    def pending_since_before(self, cutoff: str) -> list[NoteRecord]:
        """Notes still waiting on a service that started waiting before ``cutoff`` (ISO UTC)."""
        with self._lock:
            rows = self._db.execute(
                """SELECT * FROM notes WHERE error_kind = 'pending' AND pending_since IS NOT NULL
                   AND pending_since < ? ORDER BY pending_since""",
                (cutoff,),
            ).fetchall()
        return [self._record(row) for row in rows]

    # -- publications --------------------------------------------------------------------

    def record_publication(self, pub: Publication) -> None:
        with self._tx() as db:
            db.execute(
                """INSERT INTO publications (note_id, locale, target, target_id, file_id,
                   cover_sha256, status, published_hash, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(note_id, locale, target) DO UPDATE SET
                   target_id = excluded.target_id, file_id = excluded.file_id,
                   cover_sha256 = excluded.cover_sha256, status = excluded.status,
                   published_hash = excluded.published_hash, updated_at = excluded.updated_at""",
                (
                    pub.note_id,
                    pub.locale,
                    pub.target,
                    pub.target_id,
                    pub.file_id,
                    pub.cover_sha256,
                    pub.status,
                    pub.published_hash,
                    _now(),
                ),
            )

    def publications(self, note_id: str, target: str) -> dict[str, Publication]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM publications WHERE note_id = ? AND target = ?", (note_id, target)
            ).fetchall()
        return {
            row["locale"]: Publication.model_validate(
                {k: row[k] for k in row.keys() if k in Publication.model_fields}  # noqa: SIM118
            )
            for row in rows
        }

    # -- batches -------------------------------------------------------------------------

    def save_batch(
        self, batch_id: str, provider: str, ticket: str, notes: list[tuple[str, str, str]]
    ) -> None:
        """Record a submitted batch and mark its notes (id, path, content hash) as waiting."""
        with self._tx() as db:
            now = _now()
            db.execute(
                """INSERT INTO batches (batch_id, provider, ticket, status, submitted_at,
                   updated_at) VALUES (?, ?, ?, 'submitted', ?, ?)""",
                (batch_id, provider, ticket, now, now),
            )
            for note_id, path, content_hash in notes:
                self._ensure(db, note_id, path, content_hash)
                db.execute(
                    """UPDATE notes SET batch_id = ?, last_error = NULL, error_kind = NULL,
                       failed_at = NULL, updated_at = ? WHERE id = ?""",
                    (batch_id, now, note_id),
                )

    def open_batches(self) -> list[BatchRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM batches WHERE status = 'submitted' ORDER BY submitted_at"
            ).fetchall()
        return [BatchRecord.model_validate(dict(row)) for row in rows]

    def close_batch(self, batch_id: str) -> None:
        with self._tx() as db:
            now = _now()
            db.execute(
                "UPDATE batches SET status = 'collected', updated_at = ? WHERE batch_id = ?",
                (now, batch_id),
            )
            db.execute("UPDATE notes SET batch_id = NULL WHERE batch_id = ?", (batch_id,))

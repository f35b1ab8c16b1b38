"""The state database's schema as named steps, applied in order by :class:`StateStore`.

``PRAGMA user_version`` counts the steps a database has had, so one at any older version is
upgraded by running the steps it lacks, each in its own transaction. A released step never
changes: a new table or column is a new step at the end. Each statement is its own string (SQL
is never split on ``;``, which a literal or a trigger body may contain); a data step is a
function of the connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from publisher.redact.stored import redact_stored_texts


@dataclass(frozen=True)
class Migration:
    """One step: what it is for, its SQL statements, then its data change if any."""

    name: str
    statements: tuple[str, ...] = ()
    data: Callable[[sqlite3.Connection], object] | None = None

    def apply(self, db: sqlite3.Connection) -> None:
        for statement in self.statements:
            db.execute(statement)
        if self.data is not None:
            self.data(db)


NOTES_AND_PUBLICATIONS = Migration(
    "notes and their per-locale publications",
    (
        """CREATE TABLE notes (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            stage TEXT NOT NULL DEFAULT 'new',
            enrichment TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            error_kind TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE publications (
            note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            locale TEXT NOT NULL,
            target TEXT NOT NULL,
            target_id TEXT,
            file_id TEXT,
            cover_sha256 TEXT,
            status TEXT NOT NULL,
            published_hash TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (note_id, locale, target)
        )""",
    ),
)

LLM_USAGE = Migration(
    "every LLM call's usage, so cost is reported per run and per note; where a note failed",
    (
        """CREATE TABLE llm_calls (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            note_id TEXT NOT NULL,
            run_id TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            calls INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cache_creation_input_tokens INTEGER NOT NULL,
            cache_read_input_tokens INTEGER NOT NULL,
            cost_usd REAL NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX llm_calls_run ON llm_calls(run_id)",
        "ALTER TABLE notes ADD COLUMN failed_at TEXT",
    ),
)

MESSAGE_BATCHES = Migration(
    "Message Batches waiting to be collected by a later run",
    (
        """CREATE TABLE batches (
            batch_id TEXT PRIMARY KEY,
            provider TEXT NOT NULL,
            ticket TEXT NOT NULL,
            status TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "ALTER TABLE notes ADD COLUMN batch_id TEXT",
    ),
)

ADDRESSES_AND_LEARNED = Migration(
    "each post's address per locale (unique per locale); facts learned about services",
    (
        """CREATE TABLE addresses (
            note_id TEXT NOT NULL,
            locale TEXT NOT NULL,
            slug TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            PRIMARY KEY (note_id, locale),
            UNIQUE (locale, slug)
        )""",
        """CREATE TABLE learned (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ),
)

REDACT_STORED_TEXTS = Migration(
    "texts stored before redaction existed are redacted in place (publisher.redact)",
    data=redact_stored_texts,
)

PENDING_SINCE = Migration(
    "since when a note has waited on a service, so a long outage gets reported",
    ("ALTER TABLE notes ADD COLUMN pending_since TEXT",),
)

SKIP_REASON = Migration(
    "why the model judged a note not worth a post (stage 'skipped' until the note changes)",
    ("ALTER TABLE notes ADD COLUMN skip_reason TEXT",),
)

MIGRATIONS: tuple[Migration, ...] = (
    NOTES_AND_PUBLICATIONS,  # version 1
    LLM_USAGE,  # 2
    MESSAGE_BATCHES,  # 3
    ADDRESSES_AND_LEARNED,  # 4
    REDACT_STORED_TEXTS,  # 5
    PENDING_SINCE,  # 6
    SKIP_REASON,  # 7
)
SCHEMA_VERSION = len(MIGRATIONS)

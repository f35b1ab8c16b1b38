"""Redacting a state database written before redaction existed, in place.

Every text column of every table is checked: JSON documents (stored enrichments, tickets) are
parsed and their strings redacted one by one so the JSON stays valid; plain texts (error
messages, paths) are redacted as they are. Only changed rows are written. Content hashes are
left alone: a note that held a secret now hashes differently (its hash is of the redacted
text), so the next run enriches and publishes it again from redacted text.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from publisher.redact.engine import redact
from publisher.redact.guard import redact_tree
from publisher.redact.settings import DEFAULT_SETTINGS


def _clean(value: str) -> str:
    try:
        data: Any = json.loads(value)
    except ValueError:
        return redact(value, DEFAULT_SETTINGS).text
    if not isinstance(data, dict | list):
        return redact(value, DEFAULT_SETTINGS).text
    clean, count = redact_tree(data, {}, DEFAULT_SETTINGS)
    return json.dumps(clean, ensure_ascii=False) if count else value


def _text_columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")') if row[2] == "TEXT"]


def redact_stored_texts(db: sqlite3.Connection) -> int:
    """Redact every stored text in place; returns how many cells changed."""
    tables = [
        row[0]
        for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    ]
    changed = 0
    for table in tables:
        for column in _text_columns(db, table):
            rows = db.execute(
                f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
            ).fetchall()
            for rowid, value in rows:
                clean = _clean(value)
                if clean != value:
                    db.execute(
                        f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (clean, rowid)
                    )
                    changed += 1
    return changed

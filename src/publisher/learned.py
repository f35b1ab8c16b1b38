"""Facts a run learns about a service, kept in state so later runs start from them.

One small key/value table (``learned``, migration 4). The first user is the OpenAI-compatible
provider: which structured-output mode a server accepts is found out once (one refused request)
and then remembered per base URL instead of being re-discovered on every run.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from publisher.state import StateStore


class Memory(Protocol):
    """What a provider needs to remember a fact: read one, write one."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, value: str) -> None: ...


class Learned:
    """The ``learned`` table of a state database."""

    def __init__(self, state: StateStore) -> None:
        self._state = state

    def get(self, key: str) -> str | None:
        with self._state.transaction() as db:
            row = db.execute("SELECT value FROM learned WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def put(self, key: str, value: str) -> None:
        with self._state.transaction() as db:
            db.execute(
                """INSERT INTO learned (key, value, updated_at) VALUES (?, ?, ?)
                   ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                   updated_at = excluded.updated_at""",
                (key, value, datetime.now(UTC).isoformat(timespec="seconds")),
            )

"""Streaming a JSONL session file one record at a time.

A session file can be hundreds of megabytes and is often still being appended to, so it is
never read whole: each line is decoded on its own, and a line that is not a JSON object (a crash
mid-write, a truncated copy) is skipped with one warning naming the file and the line, while the
rest of the session still counts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

log = logging.getLogger("publisher.sessions")

Record = dict[str, Any]


def records(path: Path, skipped: list[int] | None = None) -> Iterator[Record]:
    """Every JSON object in the file, in order; bad line numbers are appended to ``skipped``."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:
                _skip(path, number, f"not valid JSON ({_reason(exc)})", skipped)
                continue
            if not isinstance(record, dict):
                _skip(path, number, "not a JSON object", skipped)
                continue
            yield record


def _reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return type(exc).__name__


def _skip(path: Path, number: int, reason: str, skipped: list[int] | None) -> None:
    log.warning("%s:%d: skipped a malformed session line: %s", path, number, reason)
    if skipped is not None:
        skipped.append(number)


def first_records(path: Path, limit: int = 8) -> list[Record]:
    """The first few JSON objects of a file, for recognising its format; no warnings.

    Stops at the first line that does not even start like a JSON object, so a Markdown note
    costs one line of reading.
    """
    found: list[Record] = []
    try:
        with path.open("rb") as stream:
            for raw in islice(stream, limit * 2):
                if not raw.strip():
                    continue
                if raw.lstrip()[:1] != b"{":
                    break
                try:
                    record = json.loads(raw)
                except ValueError:
                    continue
                found.append(record)
                if len(found) >= limit:
                    break
    except OSError:
        return []
    return found

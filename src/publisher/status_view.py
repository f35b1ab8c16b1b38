"""How ``publisher status`` shows its rows: a table that fits 80 columns, or JSON.

One note is one line, on a terminal and in a pipe (``publisher status | grep pending``): long
ids and messages are cut with an ellipsis instead of wrapping, box lines are dropped when the
output is not a terminal, and the time is shortened to what a person compares (month-day
hour:minute, UTC). ``--json`` gives every field uncut, for scripts.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from publisher.status import StatusRow

WAITING_STAGES = {"pending", "failed"}


def short_time(iso: str) -> str:
    """``2026-12-07T18:04:09+00:00`` -> ``12-07 18:04``."""
    return iso[5:16].replace("T", " ") if len(iso) >= 16 else iso


def stage_cell(row: StatusRow) -> str:
    if row.stage in WAITING_STAGES and row.attempts > 1:
        return f"{row.stage} ×{row.attempts}"
    return row.stage


def where_or_why(row: StatusRow) -> str:
    """The last error when the note waits on something, else where its first locale went."""
    if row.detail:
        return row.detail
    if row.locations:
        locale, place = next(iter(row.locations.items()))
        return f"{locale} {place}"
    return row.path


ID_WIDTH = 32
MIN_ID_WIDTH = 16  # enough to tell notes apart; session ids share their 'claude-code-' start
LAST_WIDTH = 12


def status_table(rows: list[StatusRow], terminal: bool, width: int = 80) -> Table:
    """Fixed columns as wide as their content (ids cut at 32, or shorter when the last column
    would not fit); the last column takes the rest, cut with an ellipsis, so each note stays on
    one line at 80 columns."""
    with_source = any(row.source != "notes" for row in rows)  # agent sessions are listed
    header = ["id", *(["source"] if with_source else []), "stage", "published", "updated"]
    body = []
    for row in rows:
        published = ",".join(row.published) or "-"
        cells = [row.note_id, stage_cell(row), published, short_time(row.updated)]
        if with_source:
            cells.insert(1, row.source)
        body.append(cells)
    table = Table(box=box.SIMPLE_HEAD if terminal else None, pad_edge=False)
    sizes = [max([len(name), *(len(cells[i]) for cells in body)]) for i, name in enumerate(header)]
    sizes[0] = min(sizes[0], ID_WIDTH)
    # the last column keeps LAST_WIDTH: the id gives way first (rich drops a column that does
    # not fit, and with the source column 32 + the others left no room for where / last error)
    over = sum(size + 2 for size in sizes) + LAST_WIDTH + 1 - width
    if over > 0:
        sizes[0] = max(min(sizes[0], MIN_ID_WIDTH), sizes[0] - over)
    for name, size in zip(header, sizes, strict=True):
        table.add_column(name, no_wrap=True, overflow="ellipsis", min_width=size, max_width=size)
    rest = max(LAST_WIDTH, width - sum(size + 2 for size in sizes) - 1)
    table.add_column(
        "where / last error", no_wrap=True, overflow="ellipsis", min_width=rest, max_width=rest
    )
    for row, cells in zip(rows, body, strict=True):
        table.add_row(*cells, where_or_why(row))
    return table


def print_status(rows: list[StatusRow], console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    console.print(status_table(rows, console.is_terminal, console.width))


def status_json(rows: list[StatusRow]) -> str:
    data: list[dict[str, Any]] = []
    for row in rows:
        item = asdict(row)
        item["locations"] = {k: v.model_dump() for k, v in row.locations.items()}
        data.append(item)
    return json.dumps(data, ensure_ascii=False, indent=2)

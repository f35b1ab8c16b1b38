"""How a run talks to people and to log collectors: progress, per-note lines, the summary."""

from __future__ import annotations

import json
import logging
import sys
from typing import Literal, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from publisher.models import Usage
from publisher.report.outcomes import Outcome, RunReport, Status

LogFormat = Literal["text", "json"]
QUIET_STATUSES = {Status.UNCHANGED, Status.SKIPPED}


def usage_line(usage: Usage) -> str:
    cached = ""
    if usage.cache_read_input_tokens:
        cached = f", {usage.cache_read_input_tokens} cache-read"
    return (
        f"LLM: {usage.calls} call(s), {usage.input_tokens} in / {usage.output_tokens} out tokens"
        f"{cached}, est. ${usage.cost_usd:.4f}"
    )


class JsonLogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "event": "log",
                "level": record.levelname.lower(),
                "logger": record.name,
                "message": record.getMessage(),
            },
            ensure_ascii=False,
        )


def configure_logging(log_format: LogFormat, quiet: bool, stream: TextIO | None = None) -> None:
    """Library warnings (a retried request, an orphan upload left behind) in the run's format.

    Quiet runs keep only errors, so cron mails only when a note needs a person.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonLogFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)9s  %(message)s"))
    logger = logging.getLogger("publisher")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.ERROR if quiet else logging.WARNING)


class RunPrinter:
    """Rich progress on a terminal, plain lines otherwise, JSON lines with --log-format json.

    Quiet mode prints only failures and the final line, so cron mails only when something
    needs a person.
    """

    def __init__(
        self, log_format: LogFormat = "text", quiet: bool = False, stream: TextIO | None = None
    ) -> None:
        self.log_format = log_format
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.console = Console(file=self.stream, highlight=False, soft_wrap=True)
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        if self.log_format == "text" and not self.quiet and self.console.is_terminal and total:
            self._progress = Progress(
                TextColumn("publishing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("notes", total=total)

    def outcome(self, outcome: Outcome) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
        if self.log_format == "json":
            self.stream.write(
                json.dumps({"event": "note", **outcome.model_dump(mode="json")}, ensure_ascii=False)
                + "\n"
            )
            self.stream.flush()
            return
        if self.quiet and outcome.status != Status.FAILED:
            return
        if outcome.status in QUIET_STATUSES:
            return
        line = f"{outcome.status.value:>9}  {outcome.note_id}"
        if outcome.detail:
            line += f": {outcome.detail}"
        target = self._progress.console if self._progress else self.console
        target.print(line, markup=False)
        for warning in outcome.warnings:
            target.print(f"{'warning':>9}  {outcome.note_id}: {warning}", markup=False)

    def finish(self, report: RunReport) -> None:
        if self._progress is not None:
            self._progress.stop()
        if self.log_format == "json":
            summary = {
                "event": "summary",
                "run_id": report.run_id,
                "counts": {s.value: report.count(s) for s in Status if report.count(s)},
                "usage": report.usage.model_dump(),
                "estimate": report.estimate.model_dump() if report.estimate else None,
                "stopped": report.stopped,
                "seconds": round(report.seconds, 3),
                "stage_seconds": stage_seconds(report),
            }
            self.stream.write(json.dumps(summary, ensure_ascii=False) + "\n")
            return
        if report.stopped:
            self.console.print(f"stopped: {report.stopped}", markup=False)
        for warning in report.warnings:
            self.console.print(f"warning: {warning}", markup=False)
        if self.quiet:
            if report.failed or report.stopped:
                self.console.print(summary_line(report), markup=False)
            return
        self.console.print(summary_table(report))
        self.console.print(summary_line(report), markup=False)


def stage_seconds(report: RunReport) -> dict[str, float]:
    totals: dict[str, float] = {}
    for outcome in report.outcomes:
        for stage, secs in outcome.seconds.items():
            totals[stage] = round(totals.get(stage, 0.0) + secs, 3)
    return totals


def summary_line(report: RunReport) -> str:
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status if report.count(s))
    cost = usage_line(report.usage)
    if report.estimate is not None:
        cost = f"estimated {usage_line(report.estimate)}"
    return f"{counts or 'no notes'} in {report.seconds:.1f}s; {cost}"


def summary_table(report: RunReport) -> Table:
    table = Table(title="publisher run", show_lines=False)
    table.add_column("result")
    table.add_column("notes", justify="right")
    table.add_column("detail")
    for status in Status:
        count = report.count(status)
        if not count:
            continue
        detail = ""
        if status in (Status.FAILED, Status.PENDING):
            detail = "\n".join(
                f"{o.note_id}: {o.detail}" for o in report.outcomes if o.status == status
            )
        table.add_row(status.value, str(count), detail)
    times = stage_seconds(report)
    if times:
        table.add_row("time", "", ", ".join(f"{k} {v:.1f}s" for k, v in times.items()))
    if report.estimate is not None:
        table.add_row("estimate", "", usage_line(report.estimate))
    else:
        table.add_row("tokens", "", usage_line(report.usage))
    return table

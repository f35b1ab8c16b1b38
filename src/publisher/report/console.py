"""How a run talks to people and to log collectors: progress, per-note lines, the summary."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from typing import Literal, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from publisher.locations import where_line
from publisher.models import Usage
from publisher.report.events import note_event, now_ts, stage_seconds, summary_event
from publisher.report.outcomes import Outcome, RunReport, Status
from publisher.stale import StaleNote

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
                "ts": now_ts(),
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


class ActivityColumn(ProgressColumn):
    """The notes in flight with their stage, and what holds the run (pacer, Retry-After),
    asked afresh at every refresh."""

    def __init__(self, activity: Callable[[], str]) -> None:
        super().__init__()
        self.activity = activity

    def render(self, task: Task) -> Text:
        return Text(self.activity(), no_wrap=True, overflow="ellipsis", style="dim")


class RunPrinter:
    """Rich progress on a terminal, plain lines otherwise, JSON lines with --log-format json.

    Results (per-note lines, the plan of a dry run, the summary) go to ``out`` (stdout), so they
    can be piped; diagnostics (progress, warnings, why a run stopped) go to ``err`` (stderr).
    Quiet mode prints only what needs a person: failed notes, one line per cause that left notes
    pending, notes pending too long, and the summary line; so cron mails exactly then.
    """

    def __init__(
        self,
        log_format: LogFormat = "text",
        quiet: bool = False,
        out: TextIO | None = None,
        err: TextIO | None = None,
        title: str = "publisher run",
        llm: tuple[str, str] = ("", ""),
        activity: Callable[[], str] = lambda: "",
    ) -> None:
        self.activity = activity  # notes in flight and why the run waits, for the progress line
        self.title = title  # the summary says which command it sums up
        self.llm = llm  # (provider, model) named in JSON events even when no call was made
        self.log_format = log_format
        self.quiet = quiet
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.console = Console(file=self.out, highlight=False, soft_wrap=True)
        self.err_console = Console(file=self.err, highlight=False, soft_wrap=True)
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        if self.log_format == "text" and not self.quiet and self.err_console.is_terminal and total:
            self._progress = Progress(
                TextColumn("publishing"),
                BarColumn(bar_width=20),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                ActivityColumn(self.activity),
                console=self.err_console,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._progress.start()
            self._task = self._progress.add_task("notes", total=total)

    def _print(self, line: str, *, diagnostic: bool = False) -> None:
        """One line to stdout or stderr, above the progress bar when both share a terminal."""
        console = self.err_console if diagnostic else self.console
        if self._progress is not None and console.is_terminal:
            console = self._progress.console
        console.print(line, markup=False)

    def outcome(self, outcome: Outcome) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
        if self.log_format == "json":
            self._json(note_event(outcome, *self.llm))
            return
        if outcome.status in QUIET_STATUSES or (self.quiet and outcome.status != Status.FAILED):
            return
        line = f"{outcome.status.value:>9}  {outcome.note_id}"
        if outcome.detail:
            line += f": {outcome.detail}"
        if outcome.locations:
            line += f" -> {where_line(outcome.locations)}"
        self._print(line)
        for warning in outcome.warnings:
            self._print(f"{'warning':>9}  {outcome.note_id}: {warning}", diagnostic=True)

    def _json(self, event: dict[str, object]) -> None:
        self.out.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.out.flush()

    def finish(self, report: RunReport) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        if self.log_format == "json":
            self._json(summary_event(report, *self.llm))
            return
        if self.quiet:
            for line in pending_causes(report):
                self._print(line, diagnostic=True)
        elif report.stopped:
            self._print(f"stopped: {report.stopped}", diagnostic=True)
        lines = [
            *(f"error: {e}" for e in report.service_errors),
            *stale_lines(report),
            *(f"warning: {w}" for w in report.warnings),
        ]
        for line in lines:
            self._print(line, diagnostic=True)
        if not self.quiet:
            self.console.print(summary_table(report, self.title))
        if not self.quiet or report.exit_code:
            self._print(summary_line(report))


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:5]) + (f", … {len(ids) - 5} more" if len(ids) > 5 else "")


def pending_causes(report: RunReport) -> list[str]:
    """One line per reason notes were left pending, not one per note or per retry.

    A dead LLM leaves every note pending with the same message; a person needs that message
    once, with the notes it held back. Notes never started because the run stopped count
    under the reason it stopped.
    """
    causes: dict[str, list[str]] = {}
    if report.stopped:
        causes[report.stopped] = []
    for outcome in report.outcomes:
        if outcome.status == Status.PENDING:
            cause = outcome.detail.removeprefix("not started: ")
            causes.setdefault(cause, []).append(outcome.note_id)
    lines = []
    for cause, ids in causes.items():
        label = "stopped" if cause == report.stopped else "pending"
        held = f"; {len(ids)} note(s) left pending ({_ids(ids)})" if ids else ""
        lines.append(f"{label}: {cause}{held}")
    return lines


def stale_lines(report: RunReport) -> list[str]:
    """Notes pending too long, one line per last error (oldest first)."""
    groups: dict[str, list[StaleNote]] = {}
    for note in report.stale:
        groups.setdefault(note.last_error, []).append(note)
    return [
        f"stale: {len(notes)} note(s) pending since {notes[0].pending_since} "
        f"({_ids([n.note_id for n in notes])}): {error}"
        for error, notes in groups.items()
    ]


def summary_line(report: RunReport) -> str:
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status if report.count(s))
    cost = usage_line(report.usage)
    if report.estimate is not None:
        cost = f"estimated {usage_line(report.estimate)}"
    return f"{counts or 'no notes'} in {report.seconds:.1f}s; {cost}"


def summary_table(report: RunReport, title: str = "publisher run") -> Table:
    table = Table(title=title, show_lines=False)
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
        per_stage = ", ".join(f"{k} {v:.1f}s" for k, v in times.items())
        table.add_row(
            "worker time", "", f"{per_stage} (summed over notes; wall time {report.seconds:.1f}s)"
        )
    if report.estimate is not None:
        table.add_row("estimate", "", usage_line(report.estimate))
    else:
        table.add_row("tokens", "", usage_line(report.usage))
    return table

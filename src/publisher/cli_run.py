"""The body of ``publisher run`` and ``publisher publish``: read, lock, run, report, exit code.

:mod:`publisher.cli` parses the options and calls :func:`run_notes`. Heavy modules are imported
inside the functions so ``publisher --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal, NoReturn

from publisher.exitcodes import ExitCode

if TYPE_CHECKING:
    from collections.abc import Iterator

    from publisher.config import Settings
    from publisher.models import RawNote
    from publisher.pipeline import Runner

LogFormat = Literal["text", "json"]


def err(message: str) -> None:
    """One diagnostic line on stderr (results go to stdout)."""
    sys.stderr.write(message.rstrip() + "\n")


@contextmanager
def run_lock(settings: Settings, dry_run: bool = False) -> Iterator[bool]:
    """One run at a time per state dir: cron firing during a long run must not publish twice.

    A dry run writes nothing, so it takes no lock (and creates no state dir).
    """
    from filelock import FileLock, Timeout

    if dry_run:
        yield True
        return
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.state_dir / "run.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


def run_notes(
    settings: Settings,
    *,
    only: str | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    batch: bool = False,
    force: bool = False,
    re_enrich: bool = False,
    new_slug: bool = False,
    log_format: LogFormat = "text",
    quiet: bool = False,
    title: str = "publisher run",
) -> int:
    from publisher.enrich import require_llm
    from publisher.errors import ConfigError, SourceError
    from publisher.interrupts import InterruptGuard, interrupted_line
    from publisher.pipeline import Runner
    from publisher.report.activity import activity_text, holds_of
    from publisher.report.console import RunPrinter, configure_logging
    from publisher.report.outcomes import Status
    from publisher.sources import not_found, scan_sources
    from publisher.state import StateError, StateStore
    from publisher.wiring import build_services

    try:
        if batch and settings.provider != "anthropic":
            raise ConfigError(
                f'--batch needs provider = "anthropic" (Message Batches); '
                f"provider is {settings.provider!r}"
            )
        if not dry_run and (re_enrich or not force):
            require_llm(settings)  # publish with a stored post needs no LLM: checked below
        configure_logging(log_format, quiet)  # a skipped session line is warned while reading
        scan = scan_sources(settings, only=only, limit=limit)
        notes, problems = scan.notes, scan.problems
    except (ConfigError, SourceError) as exc:
        err(f"error: {exc}")
        return ExitCode.USAGE
    if only is not None and not notes and not problems:
        if scan.waiting:
            err(f"note {only!r}: {scan.waiting[0].reason}")
            return ExitCode.NEEDS_A_LOOK
        err(f"error: {not_found(settings, only)}")
        return ExitCode.USAGE
    with run_lock(settings, dry_run) as locked:
        if not locked:
            err(f"another publisher run holds {settings.state_dir / 'run.lock'}; nothing done")
            return ExitCode.OK if only is None else ExitCode.NEEDS_A_LOOK
        try:
            state = StateStore.in_dir(settings.state_dir, snapshot=dry_run)
            services = build_services(settings, state)
        except (ConfigError, StateError) as exc:
            err(f"error: {exc}")
            return ExitCode.USAGE
        runner = Runner(settings, services)
        if new_slug and only is not None:  # addresses come from the current titles again
            from publisher.addresses import AddressBook

            AddressBook(state).release(only)
        try:
            if not dry_run and force and not re_enrich:
                require_llm_unless_stored(runner, notes)
        except ConfigError as exc:
            services.state.close()
            err(f"error: {exc}")
            return ExitCode.USAGE
        llm = (settings.provider, settings.model)

        def activity() -> str:
            return activity_text(runner.in_flight.snapshot(), holds_of(services.limiters))

        printer = RunPrinter(log_format, quiet, title=title, llm=llm, activity=activity)
        try:
            with services.state, InterruptGuard(runner.interrupt, err):
                if batch and not dry_run:
                    from publisher.batch_run import run_batch

                    report = run_batch(
                        runner, notes, problems, on_outcome=printer.outcome, on_start=printer.start
                    )
                else:
                    report = runner.run(
                        notes,
                        problems,
                        force=force,
                        re_enrich=re_enrich,
                        dry_run=dry_run,
                        on_outcome=printer.outcome,
                        on_start=printer.start,
                    )
        except KeyboardInterrupt:
            abandon(runner)
        printer.finish(report)
        if report.interrupted:
            err(interrupted_line(report.count(Status.PUBLISHED), report.saved_for_next_run))
        return report.exit_code


def require_llm_unless_stored(runner: Runner, notes: list[RawNote]) -> None:
    """``publish`` reuses a stored post and calls no LLM, so it needs no key; only a note whose
    current content has no stored post must be written first, and that needs the LLM."""
    from publisher.enrich import require_llm
    from publisher.errors import ConfigError
    from publisher.plan import Action

    for note in notes:
        if runner.action_for(note, force=True) == Action.ENRICH:
            try:
                require_llm(runner.settings)
            except ConfigError as exc:
                raise ConfigError(
                    f"note {note.id!r} has no stored post for its current content, so "
                    f"publishing it calls the LLM: {exc}"
                ) from exc


def abandon(runner: Runner) -> NoReturn:
    """A second Ctrl-C: say what was kept and leave now, without waiting for the worker
    threads (a normal exit would join them, i.e. wait for the calls just abandoned)."""
    from publisher.exitcodes import ExitCode
    from publisher.interrupts import interrupted_line

    err(
        "abandoned the LLM calls in flight; "
        + interrupted_line(runner.published_count, runner.saved_for_next_run)
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(ExitCode.INTERRUPTED)

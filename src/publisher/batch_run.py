"""``publisher run --batch``: new notes go to one Message Batch; a later run collects them.

A run first collects every batch that has ended (results matched by custom_id, in any order;
errored or expired requests go back to pending), saves the enrichments it paid for, then
submits the notes that still need the LLM as one new batch, and finally publishes everything
that has an enrichment, on the same pool as a normal run. Cron-friendly: each run does what
it can and never waits for a batch to end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, cast

from publisher.enrich import BatchOutcome, BatchTicket
from publisher.enrich.step import build_enriched
from publisher.errors import PublisherError, StopRun
from publisher.models import RawNote, Selection
from publisher.pipeline import Runner
from publisher.plan import Action
from publisher.report.outcomes import Outcome, RunReport, Status
from publisher.selector import select_lines
from publisher.source import SourceProblem
from publisher.state import ErrorKind


class BatchEnricher(Protocol):
    def submit_batch(self, jobs: list[tuple[RawNote, Selection]]) -> BatchTicket: ...

    def collect_batch(
        self, ticket: BatchTicket, jobs: dict[str, tuple[RawNote, Selection]]
    ) -> BatchOutcome: ...


def _enricher(runner: Runner) -> BatchEnricher:
    return cast(BatchEnricher, runner.services.enricher)


def _jobs(runner: Runner, notes: list[RawNote]) -> dict[str, tuple[RawNote, Selection]]:
    return {note.id: (note, select_lines(note.body, runner.settings.selector)) for note in notes}


def collect_ended(runner: Runner, notes: list[RawNote]) -> list[str]:
    """Store the results of every ended batch; returns warnings about ignored results."""
    state, enricher = runner.services.state, _enricher(runner)
    by_id = {note.id: note for note in notes}
    warnings: list[str] = []
    for record in state.open_batches():
        ticket = BatchTicket.model_validate_json(record.ticket)
        waiting = [by_id[i] for i in ticket.custom_ids.values() if i in by_id]
        jobs = _jobs(runner, waiting)
        outcome = enricher.collect_batch(ticket, jobs)
        if outcome.status != "ended":
            continue
        warnings.extend(outcome.warnings)
        for note_id, item in outcome.items.items():
            note, selection = jobs[note_id]
            if item.status == "enriched" and item.enrichment is not None:
                enriched = build_enriched(
                    note, selection, item.enrichment, runner.settings.primary_locale
                )
                state.save_enrichment(enriched, runner.run_id)
                continue
            state.log_usage(note_id, runner.run_id, item.usage)
            kind: ErrorKind = "failed" if item.status == "failed" else "pending"
            state.mark_error(note_id, str(note.path), note.content_hash, item.error, kind, "enrich")
        state.close_batch(ticket.batch_id)
    return warnings


def submit_pending(runner: Runner, notes: list[RawNote]) -> str | None:
    """Send every note that needs the LLM as one batch; returns the batch id (None: nothing)."""
    todo = [note for note in notes if runner.action_for(note) == Action.ENRICH]
    if not todo:
        return None
    jobs = _jobs(runner, todo)
    ticket = _enricher(runner).submit_batch(list(jobs.values()))
    runner.services.state.save_batch(
        ticket.batch_id,
        ticket.provider,
        ticket.model_dump_json(),
        [(note.id, str(note.path), note.content_hash) for note in todo],
    )
    return ticket.batch_id


def run_batch(
    runner: Runner,
    notes: list[RawNote],
    problems: list[SourceProblem],
    *,
    on_outcome: Callable[[Outcome], None] = lambda _o: None,
    on_start: Callable[[int], None] = lambda _n: None,
) -> RunReport:
    started = time.perf_counter()
    try:
        warnings = collect_ended(runner, notes)
        submit_pending(runner, notes)
    except StopRun as exc:
        runner.stop(exc)
        return runner.report(_stopped(notes, problems, str(exc), on_outcome), started)
    except PublisherError as exc:  # 429/5xx at submit or collect: the next run tries again
        warnings = []
        trouble = [f"batch: {exc}; waiting notes stay pending for the next run"]
    else:
        trouble = []
    report = runner.run(notes, problems, enrich=False, on_outcome=on_outcome, on_start=on_start)
    report.warnings.extend(warnings)
    report.service_errors.extend(trouble)
    return report


def _stopped(
    notes: list[RawNote],
    problems: list[SourceProblem],
    reason: str,
    on_outcome: Callable[[Outcome], None],
) -> list[Outcome]:
    outcomes = [
        Outcome(note_id=p.note_id, status=Status.FAILED, detail=f"{p.path}: {p.reason}")
        for p in problems
    ]
    outcomes += [
        Outcome(note_id=n.id, status=Status.PENDING, detail=f"not started: {reason}") for n in notes
    ]
    for outcome in outcomes:
        on_outcome(outcome)
    return outcomes

"""The run: plan each note (plan.py), enrich it (enrich/step.py), add its cover (covers/step.py),
publish it (targets/), record it (state.py).

Read top to bottom, this module is the data flow. Deciding what a note needs (``plan``) is
pure; doing it (``Runner.process``) commits each stage to state as soon as it completes, so
an interrupted run resumes where it stopped and never pays for the LLM twice.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import partial
from typing import TypeVar

from publisher.addresses import publish_addressed
from publisher.config import Settings
from publisher.covers.step import with_cover
from publisher.enrich.step import enrich_note, estimate_note
from publisher.errors import ConfigError, NoteError, PublisherError, RetryLater, StopRun
from publisher.exitcodes import ExitCode
from publisher.locations import locations_of
from publisher.models import EnrichedNote, RawNote, Usage
from publisher.plan import Action, plan
from publisher.redact import redact
from publisher.report.activity import InFlight
from publisher.report.outcomes import Attempt, Outcome, RunReport, Status, stop_code
from publisher.services import Services
from publisher.site_fields import site_safe
from publisher.source import SourceProblem
from publisher.stale import stale_notes
from publisher.state import ErrorKind, FailedAt

T = TypeVar("T")
# Actions with no work this run, and the status each one reports.
IDLE_STATUS = {
    Action.UNCHANGED: Status.UNCHANGED,
    Action.FAILED_EARLIER: Status.SKIPPED,
    Action.IN_BATCH: Status.BATCHED,
    Action.NOT_WORTH: Status.SKIPPED,
}


class Runner:
    """Runs the plan for many notes on a bounded pool and collects outcomes."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        self.run_id = uuid.uuid4().hex[:12]
        self._stop = threading.Event()
        self._stop_reason: str | None = None
        self._stop_code = ExitCode.NEEDS_A_LOOK
        self._interrupted = False
        self._saved: set[str] = set()  # notes whose LLM result this run paid for and saved
        self._published: set[str] = set()
        self._override = False  # `publisher publish ID`: publish even if judged not worth it
        self.in_flight = InFlight()

    def interrupt(self) -> None:
        """Stop taking notes (Ctrl-C, SIGTERM): no stage starts after this, but stages in
        flight run to their end, so an LLM call already paid for is saved, not lost."""
        self._interrupted = True
        self._stop_reason = "interrupted"
        self._stop.set()

    # -- one note ------------------------------------------------------------------------

    def action_for(self, note: RawNote, *, force: bool = False, re_enrich: bool = False) -> Action:
        state, target = self.services.state, self.services.target
        published = {
            locale: pub.published_hash
            for locale, pub in state.publications(note.id, target.name).items()
            if target.still_there(pub)
        }
        return plan(
            note,
            state.note(note.id),
            published,
            self.settings.locales,
            force=force,
            re_enrich=re_enrich,
        )

    def process(self, note: RawNote, action: Action) -> Outcome:
        if action in IDLE_STATUS:
            return self._idle(note, action)
        attempt = Attempt(note.id, str(note.path), note.content_hash, action)
        enriched = self._guarded(attempt, partial(self._enrich, note, attempt))
        if isinstance(enriched, Outcome):
            return enriched
        return self._guarded(attempt, partial(self._publish, enriched, attempt))

    def _idle(self, note: RawNote, action: Action) -> Outcome:
        """A note with nothing to do this run, and why."""
        record = self.services.state.note(note.id)
        detail = ""
        if action == Action.FAILED_EARLIER and record is not None:
            detail = f"failed earlier, waiting for an edit: {record.last_error}"
        if action == Action.NOT_WORTH and record is not None:
            detail = f"not worth a post: {record.skip_reason} (`publisher publish {note.id}`)"
        return Outcome(note_id=note.id, status=IDLE_STATUS[action], action=action, detail=detail)

    def publish_stored(self, enriched: EnrichedNote, usage: Usage | None = None) -> Outcome:
        """Publish an enrichment that is already paid for (batch results, update_site.py)."""
        attempt = Attempt(
            enriched.note_id, enriched.source_path, enriched.content_hash, Action.PUBLISH
        )
        if usage is not None:
            attempt.usage = usage
        return self._guarded(attempt, partial(self._publish, enriched, attempt))

    def _enrich(self, note: RawNote, attempt: Attempt) -> EnrichedNote:
        """The stored enrichment for this content, or a new one (paid for, then saved)."""
        state = self.services.state
        record = state.note(note.id)
        if attempt.action != Action.ENRICH and record is not None:
            stored = record.enrichment_for(note.content_hash)
            if stored is not None:
                return stored
        with attempt.timed("enrich"):
            enriched = enrich_note(
                note, self.settings, self.services.enricher, self.services.llm_limiter
            )
        attempt.usage = enriched.usage
        state.save_enrichment(enriched, self.run_id)
        self._saved.add(note.id)
        return enriched

    def _publish(self, enriched: EnrichedNote, attempt: Attempt) -> Outcome:
        state, target = self.services.state, self.services.target
        if not (enriched.worth_publishing or self._override):
            reason = enriched.worth_reason or "the model judged it not worth a post"
            state.mark_not_worth(enriched.note_id, enriched.content_hash, reason)
            return attempt.outcome(
                Status.SKIPPED,
                f"not worth a post: {reason} (`publisher publish {enriched.note_id}`)",
            )
        with attempt.timed("cover"):
            covered = with_cover(enriched, self.services.covers)
        if covered is not enriched:
            state.update_enrichment(covered)
            enriched = covered
        with attempt.timed("publish"):
            publish_addressed(site_safe(enriched), target, state)
        state.mark_published(enriched.note_id, enriched.content_hash)
        self._published.add(enriched.note_id)
        where = locations_of(state.publications(enriched.note_id, target.name), self.settings)
        return attempt.outcome(Status.PUBLISHED, warnings=enriched.warnings, locations=where)

    def _guarded(self, attempt: Attempt, work: Callable[[], T]) -> T | Outcome:
        """Run one stage of a note, turning every failure into an Outcome and a state record."""
        if self._stop.is_set():
            return attempt.outcome(Status.PENDING, f"not started: {self._stop_reason}")
        try:
            with self.in_flight.track(attempt):  # the progress line shows it while it runs
                return work()
        except (StopRun, ConfigError) as exc:
            self.stop(exc)
            return self._error(attempt, exc, "pending")
        except RetryLater as exc:
            return self._error(attempt, exc, "pending")
        except PublisherError as exc:
            return self._error(attempt, exc, "failed")
        except Exception as exc:  # a bug in one note must not lose the other notes' work
            error = NoteError(f"internal error: {type(exc).__name__}: {exc}")
            return self._error(attempt, error, "failed")
        except BaseException:  # a KeyboardInterrupt inside a stage: the run stops as on Ctrl-C
            self.interrupt()
            return attempt.outcome(Status.PENDING, f"{attempt.stage}: interrupted")

    def _error(self, attempt: Attempt, exc: Exception, kind: ErrorKind) -> Outcome:
        if isinstance(exc, PublisherError) and exc.usage is not None:
            # calls billed before the failure still cost money
            self.services.state.log_usage(attempt.note_id, self.run_id, exc.usage)
        failed_at: FailedAt = "enrich" if attempt.stage == "enrich" else "publish"
        message = redact(str(exc), self.settings.redact).text  # errors can quote their input
        self.services.state.mark_error(
            attempt.note_id, attempt.path, attempt.content_hash, message, kind, failed_at
        )
        status = Status.FAILED if kind == "failed" else Status.PENDING
        return attempt.outcome(status, f"{attempt.stage}: {message}")

    # -- many notes ----------------------------------------------------------------------

    def run(
        self,
        notes: list[RawNote],
        problems: list[SourceProblem],
        *,
        force: bool = False,
        re_enrich: bool = False,
        dry_run: bool = False,
        enrich: bool = True,
        on_outcome: Callable[[Outcome], None] = lambda _o: None,
        on_start: Callable[[int], None] = lambda _n: None,
    ) -> RunReport:
        """Plan every note, then do the work; ``enrich=False`` publishes only what is paid
        for (batch mode: a note that still needs the LLM waits for its batch)."""
        started = time.perf_counter()
        self._override = force
        outcomes = [
            Outcome(note_id=p.note_id, status=Status.FAILED, detail=f"{p.path}: {p.reason}")
            for p in problems
        ]
        for outcome in outcomes:
            on_outcome(outcome)
        planned = [
            (note, self.action_for(note, force=force, re_enrich=re_enrich)) for note in notes
        ]
        if not enrich:
            planned = [(n, Action.IN_BATCH if a == Action.ENRICH else a) for n, a in planned]
        estimate: Usage | None = None
        if dry_run:
            estimate = Usage()
            for note, action in planned:
                outcome = self._planned(note, action)
                estimate = estimate + outcome.usage
                outcomes.append(outcome)
                on_outcome(outcome)
        else:
            work: list[tuple[RawNote, Action]] = [
                (n, a) for n, a in planned if a in (Action.ENRICH, Action.PUBLISH)
            ]
            idle = [(n, a) for n, a in planned if a not in (Action.ENRICH, Action.PUBLISH)]
            if work:
                self._check_target()
            on_start(len(planned))
            for note, action in idle:
                outcome = self.process(note, action)
                outcomes.append(outcome)
                on_outcome(outcome)
            for outcome in self._run_stages(work):
                outcomes.append(outcome)
                on_outcome(outcome)
        order = {note.id: i for i, note in enumerate(notes)}
        outcomes.sort(key=lambda o: (order.get(o.note_id, -1), o.note_id))
        report = self.report(outcomes, started)
        report.estimate = estimate
        return report

    def _planned(self, note: RawNote, action: Action) -> Outcome:
        """A dry run's line for one note: what would happen, and what the LLM would cost."""
        if action == Action.ENRICH:
            usage = estimate_note(note, self.settings, self.services.enricher)
            detail = (
                f"would call the LLM: ~{usage.input_tokens} in / ~{usage.output_tokens}"
                f" out tokens, ~${usage.cost_usd:.4f}; then publish"
            )
            return Outcome(
                note_id=note.id, status=Status.PLANNED, action=action, detail=detail, usage=usage
            )
        if action == Action.PUBLISH:
            return Outcome(
                note_id=note.id,
                status=Status.PLANNED,
                action=action,
                detail="would publish the stored post (no LLM call)",
            )
        status = Status.UNCHANGED if action == Action.UNCHANGED else Status.SKIPPED
        return Outcome(note_id=note.id, status=status, action=action)

    def _run_stages(self, work: list[tuple[RawNote, Action]]) -> Iterator[Outcome]:
        """Enrich on one pool, publish on another, yielding outcomes as they complete.

        ``concurrency`` LLM calls stay in flight while finished notes are published beside
        them, so a run's wall time approaches notes x LLM latency / concurrency instead of
        paying each note's publishing inside an LLM slot.
        """
        size = self.settings.concurrency
        enrich_pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="enrich")
        publish_pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="publish")
        pending: dict[Future[EnrichedNote | Outcome], Attempt] = {}
        try:
            for note, action in work:
                attempt = Attempt(note.id, str(note.path), note.content_hash, action)
                future = enrich_pool.submit(
                    self._guarded, attempt, partial(self._enrich, note, attempt)
                )
                pending[future] = attempt
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    attempt = pending.pop(future)
                    result = future.result()
                    if isinstance(result, Outcome):
                        yield result
                        continue
                    # typed as a stage of the same pool of futures: it yields an Outcome
                    publish: Callable[[], EnrichedNote | Outcome] = partial(
                        self._publish, result, attempt
                    )
                    published = publish_pool.submit(self._guarded, attempt, publish)
                    pending[published] = attempt
        except BaseException:
            # A second Ctrl-C (the first only calls interrupt()): abandon the calls in flight.
            self._stop.set()
            for pool in (enrich_pool, publish_pool):
                pool.shutdown(wait=False, cancel_futures=True)
            raise
        for pool in (enrich_pool, publish_pool):
            pool.shutdown()

    def run_stored(
        self,
        enrichments: list[EnrichedNote],
        *,
        initial: Iterable[Outcome] = (),
        on_outcome: Callable[[Outcome], None] = lambda _o: None,
    ) -> RunReport:
        """Publish enrichments already paid for, one after another (update_site.py)."""
        started = time.perf_counter()
        outcomes = list(initial)
        if enrichments:
            self._check_target()
        for enriched in enrichments:
            outcome = self.publish_stored(enriched)
            outcomes.append(outcome)
            on_outcome(outcome)
        return self.report(outcomes, started)

    def _check_target(self) -> None:
        """Preflight once per run: a bad token or a ghost locale stops it before any write."""
        try:
            self.services.target.check()
        except (StopRun, ConfigError) as exc:
            self.stop(exc)

    def stop(self, exc: PublisherError) -> None:
        """Start no further note: nothing else can succeed in this run."""
        self._stop_reason = str(exc)
        self._stop_code = stop_code(exc)
        self._stop.set()

    def report(
        self, outcomes: list[Outcome], started: float, stopped: str | None = None
    ) -> RunReport:
        return RunReport(
            run_id=self.run_id,
            outcomes=outcomes,
            usage=self.services.state.usage_for_run(self.run_id),
            stopped=None if self._interrupted else stopped or self._stop_reason,
            stop_code=self._stop_code,
            stale=stale_notes(self.services.state, self.settings.pending_alert_hours),
            seconds=time.perf_counter() - started,
            interrupted=self._interrupted,
            saved_for_next_run=self.saved_for_next_run,
        )

    @property
    def saved_for_next_run(self) -> int:
        """LLM results this run paid for and saved but did not publish: the next run will."""
        return len(self._saved - self._published)

    @property
    def published_count(self) -> int:
        return len(self._published)

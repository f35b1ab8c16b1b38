"""The progress line says which notes are in flight, at which stage, and why the run waits."""

from __future__ import annotations

import threading

from publisher.plan import Action
from publisher.ratelimit import RateLimiter
from publisher.report.activity import InFlight, activity_text, holds_of
from publisher.report.outcomes import Attempt


def attempt(note_id: str, stage: str) -> Attempt:
    return Attempt(note_id, f"notes/{note_id}.md", "h", Action.ENRICH, stage=stage)


def test_in_flight_notes_are_grouped_by_stage() -> None:
    flying = [("a", "enrich"), ("b", "enrich"), ("c", "publish"), ("d", "enrich"), ("e", "enrich")]
    assert activity_text(flying, []) == "enrich 4 (a, b, d, …) · publish 1 (c)"


def test_a_holding_limiter_is_named() -> None:
    assert activity_text([("a", "enrich")], ["Retry-After 12s from anthropic"]) == (
        "enrich 1 (a) · waiting: Retry-After 12s from anthropic"
    )
    assert activity_text([], []) == ""


def test_in_flight_tracks_a_stage_only_while_it_runs() -> None:
    flight = InFlight()
    note = attempt("a", "enrich")
    with flight.track(note):
        note.stage = "cover"
        assert flight.snapshot() == [("a", "cover")]
    assert flight.snapshot() == []


def test_the_rate_limiter_says_when_it_holds_requests_back() -> None:
    gate = threading.Event()
    released = threading.Event()

    def sleep(_seconds: float) -> None:
        gate.set()
        released.wait(5)

    limiter = RateLimiter(1.0, burst=1, clock=lambda: 0.0, sleep=sleep, name="llm")
    limiter.acquire()  # the burst
    assert holds_of([limiter, object()]) == []
    waiter = threading.Thread(target=limiter.acquire)
    waiter.start()
    assert gate.wait(5)
    [reason] = holds_of([limiter])
    assert reason.startswith("pacing llm")
    released.set()
    waiter.join(5)
    assert holds_of([limiter]) == []


def test_the_progress_line_shows_eta_and_the_notes_in_flight() -> None:
    import io

    from rich.console import Console

    from publisher.report.console import RunPrinter

    screen = io.StringIO()
    printer = RunPrinter(
        "text", out=io.StringIO(), err=screen, activity=lambda: "enrich 2 (a, b) · waiting: x"
    )
    printer.err_console = Console(file=screen, force_terminal=True, width=160)
    printer.start(3)
    assert printer._progress is not None
    printer._progress.refresh()
    shown = screen.getvalue()
    assert "0/3" in shown and "ETA" in shown
    assert "enrich 2 (a, b) · waiting: x" in shown
    printer._progress.stop()

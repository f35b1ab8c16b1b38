"""Ctrl-C and SIGTERM keep what was paid for: calls in flight finish and are saved, once.

Every wait here is on an event (a call has started, a line was printed), never a sleep; the
timeouts only stop a broken test from hanging.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from blog_process import blog_env, start_run
from doubles import FakeCovers, FakeEnricher, GatedEnricher, write_note
from fakes.anthropic_server import FakeAnthropic
from publisher.config import Settings
from publisher.interrupts import InterruptGuard, interrupted_line
from publisher.pipeline import Runner
from publisher.report.outcomes import RunReport, Status
from publisher.services import Services
from publisher.source import load_notes
from publisher.state import StateStore
from publisher.targets.files import FilesTarget


def runner_for(settings: Settings, enricher: FakeEnricher, covers: FakeCovers) -> Runner:
    services = Services(
        state=StateStore.in_dir(settings.state_dir),
        target=FilesTarget(settings.site_dir, settings.locales),
        covers=covers,
        enricher_factory=lambda: enricher,
    )
    return Runner(settings, services)


def run(runner: Runner, settings: Settings) -> RunReport:
    notes, problems = load_notes(settings.notes_dir, settings.max_note_bytes)
    return runner.run(notes, problems)


def test_an_interrupt_saves_the_calls_in_flight_and_the_rerun_pays_for_no_note_twice(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers, notes_dir: Path
) -> None:
    for note_id in ("delta", "epsilon"):
        write_note(notes_dir, note_id)
    settings = make_settings(concurrency=2)
    enricher = GatedEnricher()
    runner = runner_for(settings, enricher, fake_covers)
    result: list[RunReport] = []
    worker = threading.Thread(target=lambda: result.append(run(runner, settings)))
    worker.start()
    enricher.await_calls(2)  # two LLM calls are in flight
    runner.interrupt()  # what the first Ctrl-C does
    enricher.gate.set()  # ... and then the two calls come back
    worker.join(timeout=60)
    report = result[0]
    assert report.interrupted and report.exit_code == 130 and report.stopped is None
    assert report.count(Status.PUBLISHED) == 0
    assert report.saved_for_next_run == 2
    assert report.count(Status.PENDING) == 5
    first = sorted(enricher.calls)
    assert len(first) == 2
    runner.services.state.close()

    again = FakeEnricher()
    report = run(runner_for(settings, again, fake_covers), settings)
    assert report.count(Status.PUBLISHED) == 5 and not report.interrupted
    assert sorted(first + again.calls) == ["alpha", "beta", "delta", "epsilon", "gamma"]


def test_the_guard_asks_once_then_raises_and_restores_the_handlers() -> None:
    asked: list[str] = []
    lines: list[str] = []
    before = signal.getsignal(signal.SIGTERM)
    with InterruptGuard(lambda: asked.append("stop"), lines.append) as guard:
        guard._handle(signal.SIGTERM, None)
        assert asked == ["stop"]
        assert lines == [
            "SIGTERM: stopping; LLM calls in flight finish and are saved "
            "(press Ctrl-C again to abandon them)"
        ]
        with pytest.raises(KeyboardInterrupt):
            guard._handle(signal.SIGINT, None)
    assert signal.getsignal(signal.SIGTERM) is before
    assert interrupted_line(3, 2) == "interrupted: 3 published, 2 saved for the next run"


# -- the real command, a real signal -----------------------------------------------------------


@pytest.fixture
def blog(tmp_path: Path) -> Iterator[tuple[dict[str, str], FakeAnthropic]]:
    with FakeAnthropic() as llm:
        yield blog_env(tmp_path, llm.url), llm


def read_until(stream: object, needle: str) -> list[str]:
    lines: list[str] = []
    for line in stream:  # type: ignore[attr-defined]
        lines.append(line)
        if needle in line:
            return lines
    raise AssertionError(f"{needle!r} never printed: {lines}")


def interrupted_with_calls_in_flight(
    env: dict[str, str], llm: FakeAnthropic
) -> subprocess.Popen[str]:
    """A run whose two workers wait on the API (held by the gate) when it gets SIGINT."""
    llm.gate.clear()
    process = start_run(env)
    llm.await_arrivals(2)
    process.send_signal(signal.SIGINT)
    read_until(process.stderr, "SIGINT: stopping")
    return process


def messages_calls(llm: FakeAnthropic) -> int:
    return sum(1 for seen in llm.seen if seen.path == "/v1/messages")


def test_ctrl_c_lets_the_calls_in_flight_finish_and_says_what_it_kept(
    blog: tuple[dict[str, str], FakeAnthropic],
) -> None:
    env, llm = blog
    process = interrupted_with_calls_in_flight(env, llm)
    try:
        llm.gate.set()
        _out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "interrupted: 0 published, 2 saved for the next run"
    db = sqlite3.connect(Path(env["PUBLISHER_STATE_DIR"]) / "state.sqlite3")
    assert db.execute("select count(*) from llm_calls").fetchone() == (2,)

    again = start_run(env)
    again.communicate(timeout=120)
    assert again.returncode == 0
    assert messages_calls(llm) == 3  # three notes, each paid for once


def test_a_second_ctrl_c_abandons_the_calls_in_flight(
    blog: tuple[dict[str, str], FakeAnthropic],
) -> None:
    env, llm = blog
    process = interrupted_with_calls_in_flight(env, llm)
    try:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=120)  # returns with the calls still held
    finally:
        process.kill()
        llm.gate.set()
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == (
        "abandoned the LLM calls in flight; interrupted: 0 published, 0 saved for the next run"
    )

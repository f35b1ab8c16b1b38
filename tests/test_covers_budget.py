"""The hourly Unsplash budget: a sliding hour, shared through a file, never over the limit."""

from __future__ import annotations

from pathlib import Path

from publisher.covers.budget import HourlyBudget


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def budget(tmp_path: Path, clock: Clock, limit: int = 5) -> HourlyBudget:
    return HourlyBudget(tmp_path / "state" / "budget.json", limit, clock=clock)


def test_reservations_stop_at_the_limit_and_free_up_an_hour_later(tmp_path: Path) -> None:
    clock = Clock()
    first = budget(tmp_path, clock)
    assert first.reserve(2) and first.reserve(2)
    assert not first.reserve(2), "4 + 2 would pass 5"
    assert first.reserve(1) and first.used() == 5
    clock.now += 3599
    assert not budget(tmp_path, clock).reserve(1), "another run sees the same count"
    clock.now += 1
    assert budget(tmp_path, clock).used() == 0
    assert budget(tmp_path, clock).reserve(2)


def test_refund_gives_back_requests_never_made(tmp_path: Path) -> None:
    clock = Clock()
    shared = budget(tmp_path, clock)
    shared.reserve(2)
    shared.refund(1)
    assert shared.used() == 1


def test_the_server_count_is_trusted_only_when_it_is_lower(tmp_path: Path) -> None:
    clock = Clock()
    shared = budget(tmp_path, clock, limit=50)
    shared.reserve(2)
    shared.observe_remaining(4_998)  # a production key: the server allows more than we do
    assert shared.used() == 2
    shared.observe_remaining(10)  # the key is shared with another app
    assert shared.used() == 40
    shared.exhaust()
    assert not shared.reserve(1)


def test_an_unreadable_budget_file_starts_a_fresh_count(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "state" / "budget.json"
    path.parent.mkdir()
    path.write_text("{not json")
    shared = HourlyBudget(path, 3, clock=clock)
    assert shared.used() == 0
    assert shared.reserve(3) and not shared.reserve(1)

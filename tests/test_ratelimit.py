from __future__ import annotations

import threading

import pytest
import responses

from publisher.ratelimit import RateLimiter, paced_session


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []
        self.lock = threading.Lock()

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.slept.append(seconds)
            self.now += seconds


def test_burst_then_one_per_interval() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2.0, burst=3, clock=clock.time, sleep=clock.sleep)
    waits = [limiter.acquire() for _ in range(5)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(0.5)
    assert waits[4] == pytest.approx(0.5)


def test_tokens_refill_while_idle_but_not_past_burst() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.0, burst=2, clock=clock.time, sleep=clock.sleep)
    limiter.acquire()
    limiter.acquire()
    clock.now += 60
    assert [limiter.acquire() for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]


def test_threads_share_one_budget() -> None:
    """With the clock frozen, 20 threads at 10/s must get 20 distinct slots 0.1 s apart."""
    waits: list[float] = []
    limiter = RateLimiter(10.0, burst=1, clock=lambda: 0.0, sleep=lambda _s: None)
    lock = threading.Lock()

    def take() -> None:
        wait = limiter.acquire()
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx([i / 10 for i in range(20)])


def test_rejects_a_non_positive_rate() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)


@responses.activate
def test_paced_session_waits_before_every_request() -> None:
    responses.get("http://127.0.0.1:9/x", json={"ok": True})
    clock = FakeClock()
    limiter = RateLimiter(4.0, burst=1, clock=clock.time, sleep=clock.sleep)
    session = paced_session(limiter)
    for _ in range(3):
        assert session.get("http://127.0.0.1:9/x", timeout=1).json() == {"ok": True}
    assert clock.slept == [pytest.approx(0.25), pytest.approx(0.25)]

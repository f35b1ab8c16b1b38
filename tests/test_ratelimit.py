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


# -- adaptive pacing -----------------------------------------------------------------------


def test_the_rate_follows_the_accounts_limit_up_and_down() -> None:
    clock = FakeClock()
    limiter = RateLimiter(50 / 60, burst=4, name="llm", clock=clock.time, sleep=clock.sleep)
    limiter.observe({"anthropic-ratelimit-requests-limit": "300"})
    assert limiter.rate == pytest.approx(5.0)
    limiter.observe({"Anthropic-RateLimit-Requests-Limit": "30"})
    assert limiter.rate == pytest.approx(0.5)


def test_remaining_caps_and_refills_the_bucket() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.0, burst=4, clock=clock.time, sleep=clock.sleep)
    limiter.observe({"anthropic-ratelimit-requests-remaining": "1"})
    assert [limiter.acquire() for _ in range(2)] == [0.0, pytest.approx(1.0)]
    limiter.observe({"anthropic-ratelimit-requests-remaining": "250"})
    assert [limiter.acquire() for _ in range(4)] == [0.0] * 4  # the server says there is room


def test_a_spent_bucket_waits_for_the_reset() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        10.0, burst=2, name="llm", clock=clock.time, wall=lambda: 1_000.0, sleep=clock.sleep
    )
    reset = "1970-01-01T00:17:00Z"  # 1,020 s after the epoch: 20 s from the wall clock
    limiter.observe(
        {
            "anthropic-ratelimit-requests-remaining": "0",
            "anthropic-ratelimit-requests-reset": reset,
        }
    )
    assert limiter.holding() == "llm rate limit resets in 20s"
    assert limiter.acquire() == pytest.approx(20.0)
    assert limiter.holding() is None


def test_retry_after_holds_every_caller_and_says_so() -> None:
    clock = FakeClock()
    limiter = RateLimiter(100.0, burst=8, name="anthropic", clock=clock.time, sleep=clock.sleep)
    assert limiter.holding() is None
    limiter.observe({"retry-after": "12"})
    assert limiter.holding() == "Retry-After 12s from anthropic"
    assert limiter.acquire() == pytest.approx(12.0)  # the next caller, not only the 429's
    assert limiter.holding() is None and limiter.acquire() == 0.0


def test_holding_reports_the_pace_while_a_caller_waits() -> None:
    release = threading.Event()
    sleeping = threading.Event()

    def sleep(_seconds: float) -> None:
        sleeping.set()
        release.wait(10)

    limiter = RateLimiter(1.0, burst=1, name="llm", clock=lambda: 0.0, sleep=sleep)
    limiter.acquire()
    waiter = threading.Thread(target=limiter.acquire)
    waiter.start()
    assert sleeping.wait(10)
    assert limiter.holding() == "pacing llm 60/min"
    release.set()
    waiter.join(10)
    assert limiter.holding() is None


def test_the_anthropic_provider_feeds_the_headers_of_every_response() -> None:
    """The real SDK against the fake account: the rate rises to what the account allows, and a
    429 (retried by the SDK) holds the other workers."""
    from fakes.anthropic_server import FakeAnthropic, error
    from publisher.config import AnthropicSettings
    from publisher.enrich.providers.anthropic import AnthropicProvider
    from publisher.enrich.providers.base import CompletionRequest

    request = CompletionRequest(
        system="s",
        user="u",
        json_schema={"type": "object", "properties": {}, "required": []},
        model="claude-sonnet-5-5",
        max_tokens=256,
    )
    limiter = RateLimiter(50 / 60, burst=8, name="anthropic")
    with FakeAnthropic(rpm=300) as server:
        settings = AnthropicSettings(api_key="k", base_url=server.url, max_retries=1)
        provider = AnthropicProvider(settings, observe=limiter.observe)
        server.script(error(429, "rate_limit_error", "slow down", **{"retry-after": "1"}))
        provider.complete(request)
    assert limiter.rate == pytest.approx(5.0)
    assert limiter.waited == 0.0
    assert limiter.last_hold == "Retry-After 1s from anthropic"  # the 429 reached the limiter

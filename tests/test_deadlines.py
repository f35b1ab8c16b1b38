"""Every network call has a total deadline: a server that drips bytes cannot keep a run alive.

Each test checks what happened (the error, the note's state) and that the call or the run
ended; the outer guards (a thread join, a subprocess timeout) are generous and only stop a
broken test from hanging, they are not timing assertions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from blog_process import blog_env, run_to_end
from fakes.anthropic_server import FakeAnthropic
from fakes.drip import DripServer, Where
from publisher.config import AnthropicSettings, OpenAISettings, UnsplashSettings
from publisher.covers.budget import HourlyBudget
from publisher.covers.unsplash import UnsplashClient, UnsplashUnavailable
from publisher.deadline import DeadlineExceeded, within
from publisher.enrich.providers.anthropic import AnthropicProvider
from publisher.enrich.providers.base import CompletionRequest
from publisher.enrich.providers.openai_compat import OpenAICompatProvider
from publisher.errors import StopRun
from publisher.targets.strapi_http import StrapiHttp

GUARD = 60.0  # seconds; far above the deadlines used here
REQUEST = CompletionRequest(
    system="s", user="u", json_schema={"type": "object"}, model="claude-x", max_tokens=256
)


def ends(call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` in a thread; assert it ended; return what it raised."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(GUARD)
    assert not worker.is_alive(), "the call did not end"
    return raised[0] if raised else None


def test_within_returns_raises_or_gives_up() -> None:
    assert within(5, lambda: 42, lambda: AssertionError("no")) == 42
    with pytest.raises(KeyError):
        within(5, lambda: {}["x"], lambda: AssertionError("no"))
    never = threading.Event()
    with pytest.raises(DeadlineExceeded, match="gave up"):
        within(0.2, never.wait, lambda: DeadlineExceeded("gave up"))
    never.set()


@pytest.mark.parametrize("where", ["headers", "body"])
def test_anthropic_call_to_a_dripping_server_stops_at_the_deadline(where: Where) -> None:
    with DripServer(where) as drip:
        provider = AnthropicProvider(
            AnthropicSettings(api_key="k", base_url=drip.url, timeout=10, max_retries=2, deadline=1)
        )
        error = ends(lambda: provider.complete(REQUEST))
    assert isinstance(error, DeadlineExceeded)
    assert str(error) == (
        "anthropic: no complete answer within the 1 s deadline (anthropic.deadline)"
    )


def test_openai_compatible_call_to_a_dripping_server_stops_at_the_deadline() -> None:
    with DripServer("body") as drip:
        provider = OpenAICompatProvider(
            OpenAISettings(base_url=f"{drip.url}/v1", timeout=10, deadline=1)
        )
        error = ends(lambda: provider.complete(REQUEST))
    assert isinstance(error, StopRun) and "1 s deadline (openai.deadline)" in str(error)


def test_strapi_request_to_a_dripping_server_is_not_retried_past_the_deadline() -> None:
    with DripServer("body") as drip:
        http = StrapiHttp(drip.url, None, timeout=10, max_retries=4, max_retry_wait=0, deadline=1)
        error = ends(lambda: http.get("/api/notes"))
        assert drip.requests == 1
    assert isinstance(error, DeadlineExceeded)
    assert str(error) == (
        "strapi GET /api/notes: no complete answer within the 1 s deadline (strapi.deadline)"
    )


def test_unsplash_image_from_a_dripping_cdn_is_given_up(tmp_path: Path) -> None:
    import requests

    settings = UnsplashSettings(access_key="k", timeout=10, deadline=1)
    with DripServer("body") as drip:
        client = UnsplashClient(
            settings, requests.Session(), HourlyBudget(tmp_path / "budget.json", 50)
        )
        error = ends(lambda: client.fetch_image(f"{drip.url}/photo.jpg"))
    assert isinstance(error, UnsplashUnavailable) and error.for_the_run
    assert "1 s deadline (unsplash.deadline)" in str(error)


def test_a_run_against_a_dripping_llm_ends_with_the_notes_pending(tmp_path: Path) -> None:
    """The whole command: 3 notes, 2 workers, deadline 2 s; the run stops at the first expiry."""
    with DripServer("body") as drip:
        env = blog_env(tmp_path, drip.url, PUBLISHER_ANTHROPIC__DEADLINE="2")
        done = run_to_end(env, GUARD)
    assert done.returncode == 1, done.stderr
    assert "no complete answer within the 2 s deadline (anthropic.deadline)" in done.stderr
    assert "3 pending" in done.stdout + done.stderr
    assert not list((tmp_path / "site").rglob("*.md"))


def test_a_run_against_a_dripping_strapi_ends(tmp_path: Path) -> None:
    with DripServer("headers") as drip, FakeAnthropic() as llm:
        settings = {"PUBLISHER_STRAPI__DEADLINE": "2", "STRAPI_URL": drip.url, "STRAPI_TOKEN": "t"}
        done = run_to_end(blog_env(tmp_path, llm.url, **settings), GUARD)
    assert done.returncode == 1, done.stderr
    assert "(strapi.deadline)" in done.stderr

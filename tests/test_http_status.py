"""One rule for what an HTTP status means, shared by the Strapi, Unsplash and LLM clients."""

from __future__ import annotations

import pytest

from publisher.http_status import TRANSIENT, Failure, failure_of


@pytest.mark.parametrize(
    ("status", "failure"),
    [
        (200, None),
        (204, None),
        (304, None),
        (400, Failure.REJECTED),
        (401, Failure.AUTH),
        (403, Failure.AUTH),
        (404, Failure.NOT_FOUND),
        (413, Failure.REJECTED),
        (422, Failure.REJECTED),
        (429, Failure.RATE_LIMITED),
        (500, Failure.UNAVAILABLE),
        (501, Failure.REJECTED),  # not implemented: asking again will not implement it
        (502, Failure.UNAVAILABLE),
        (503, Failure.UNAVAILABLE),
        (504, Failure.UNAVAILABLE),
    ],
)
def test_each_status_has_one_meaning(status: int, failure: Failure | None) -> None:
    assert failure_of(status) == failure


def test_only_rate_limits_and_unavailable_servers_are_worth_retrying() -> None:
    assert {failure for failure in Failure if failure in TRANSIENT} == {
        Failure.RATE_LIMITED,
        Failure.UNAVAILABLE,
    }

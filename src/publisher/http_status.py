"""What an HTTP status means for a run, decided once for every client (Strapi, Unsplash, LLMs).

Each client turns a :class:`Failure` into its own error with its own message (a refused Strapi
token stops the run, a refused Unsplash key only turns photos off), but which statuses are
transient, which mean bad credentials and which mean this request is wrong is the same rule
everywhere.
"""

from __future__ import annotations

from enum import StrEnum


class Failure(StrEnum):
    AUTH = "auth"  # 401, 403: the credentials are refused; no other request will do better
    NOT_FOUND = "not-found"  # 404: the thing (or the endpoint, or the model) is not there
    RATE_LIMITED = "rate-limited"  # 429: too many requests; later ones will work
    UNAVAILABLE = "unavailable"  # 500, 502, 503, 504: the server is down or overloaded for now
    REJECTED = "rejected"  # any other 4xx / 5xx: this request is wrong; repeating it won't help


# The failures worth trying again later (after a backoff, or on the next run).
TRANSIENT = frozenset({Failure.RATE_LIMITED, Failure.UNAVAILABLE})
UNAVAILABLE_STATUSES = frozenset({500, 502, 503, 504})


def failure_of(status: int) -> Failure | None:
    """The kind of failure an HTTP status reports; ``None`` for a success (below 400)."""
    if status < 400:
        return None
    if status in (401, 403):
        return Failure.AUTH
    if status == 404:
        return Failure.NOT_FOUND
    if status == 429:
        return Failure.RATE_LIMITED
    if status in UNAVAILABLE_STATUSES:
        return Failure.UNAVAILABLE
    return Failure.REJECTED

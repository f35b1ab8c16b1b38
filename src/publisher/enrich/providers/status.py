"""What an API error status means for the run, the same rule for every provider reporting one.

The Anthropic SDK raises exceptions carrying the HTTP status; the Claude Code CLI reports it as
``api_error_status`` in its result. Both go through :func:`error_for_status`, so a refused key
stops the run, an unknown model stops it with the model's name, and anything a later run can get
past (408, 409, 429, 5xx, 529, no connection) leaves the note pending instead of failing it.
"""

from __future__ import annotations

from publisher.errors import AuthError, NoteError, PublisherError, RetryLater, StopRun

# 400s that no other note can get past either.
ACCOUNT_PROBLEMS = ("credit balance", "billing")
RETRY_STATUSES = frozenset({408, 409, 429})


def is_transient(status: int | None) -> bool:
    """No status (no connection), a timeout, a conflict, rate limits and server errors."""
    return status is None or status in RETRY_STATUSES or status >= 500


def error_for_status(
    status: int | None,
    message: str,
    *,
    service: str,
    model: str,
    credentials: str,
    transient_detail: str = "",
) -> PublisherError:
    """The error kind for a failed call; ``status`` None means the service was not reached."""
    if status in (401, 403):
        return AuthError(f"{service} refused the credentials: {message} ({credentials})")
    if status == 404:
        return StopRun(f"{service}: {message} (model = {model!r}: check the model name)")
    if status == 402 or (
        status == 400 and any(word in message.lower() for word in ACCOUNT_PROBLEMS)
    ):
        return StopRun(f"{service}: {message}")
    if is_transient(status):
        detail = transient_detail or (f"HTTP {status}" if status else "not reachable")
        return RetryLater(f"{service}: {detail}: {message}")
    return NoteError(f"{service} rejected the request: {message}")

"""One Strapi 5 REST connection: auth header, timeouts, bounded retries, error kinds.

Everything above this module deals in parsed JSON and ``publisher.errors`` kinds; nothing
above it sees a status code except through :class:`NotFound`, which the target needs to tell
"this stored document was deleted in the CMS" from a real failure. The token lives only in the
session's headers and is scrubbed from every message built from a response, so a log or an
error line can never leak it.
"""

from __future__ import annotations

import email.utils
import functools
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from pydantic import SecretStr
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from publisher.deadline import service_deadline, within
from publisher.errors import AuthError, NoteError, RetryLater
from publisher.http_status import TRANSIENT, Failure, failure_of
from publisher.ratelimit import RateLimitedAdapter

log = logging.getLogger(__name__)

BACKOFF_BASE = 0.5  # seconds; doubles per attempt, capped by max_retry_wait


class NotFound(NoteError):
    """HTTP 404: the document (or the whole route) does not exist."""


class Rejected(NoteError):
    """HTTP 4xx with Strapi's reasons; ``fields`` maps each named field to its problem, so a
    caller can tell "slug must be unique" from any other refusal without parsing the message."""

    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(message)
        self.fields = fields


class _Transient(Exception):
    """A failure worth retrying; ``retry_after`` is what the server asked for, if anything."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(attempt: int, retry_after: float | None, cap: float) -> float:
    """The server's ``Retry-After`` when given, else exponential backoff; never above ``cap``."""
    if retry_after is not None:
        return min(retry_after, cap)
    return min(BACKOFF_BASE * 2.0 ** (attempt - 1), cap)


def describe_error(payload: Any) -> str:
    """Strapi's ``error`` object as one line: name, message and each field's problem."""
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return ""
    text = f"{error.get('name', 'Error')}: {error.get('message', '')}".strip()
    parts = [f"{path}: {message}" if path else message for path, message in _field_problems(error)]
    if parts:
        text += f" ({'; '.join(parts)})"
    return text


def field_problems(payload: Any) -> dict[str, str]:
    """Each field Strapi's ``error.details.errors`` names (dotted path), with its message."""
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return {}
    return {path: message for path, message in _field_problems(error) if path}


def _field_problems(error: dict[str, Any]) -> list[tuple[str, str]]:
    details = error.get("details")
    problems = details.get("errors") if isinstance(details, dict) else None
    if not isinstance(problems, list):
        return []
    return [
        (".".join(str(p) for p in problem.get("path") or []), str(problem.get("message", "")))
        for problem in problems
        if isinstance(problem, dict)
    ]


class StrapiHttp:
    """Sends requests to one Strapi; returns parsed JSON or raises a publisher error kind."""

    def __init__(
        self,
        base_url: str,
        token: SecretStr | None,
        *,
        timeout: float,
        max_retries: int,
        max_retry_wait: float,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        deadline: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.deadline = deadline  # seconds for one request in total (strapi.deadline)
        self._secret = token.get_secret_value() if token is not None else ""
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.session = session or requests.Session()
        self._sleep = sleep
        if self._secret:
            self.session.headers["Authorization"] = f"Bearer {self._secret}"
        self.session.headers.setdefault("Accept", "application/json")

    def scrub(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        idempotent: bool = True,
    ) -> Any:
        """One call with retries on 429/5xx/connection errors; then RetryLater.

        A non-idempotent call (creating a document) is not repeated after a read timeout or a
        dropped connection: the server may have done it, and a retry would duplicate it. The
        next run finds such a document by its external id instead.
        """
        what = f"{method} {path}"
        send = functools.partial(
            self.session.request,
            method,
            self.base_url + path,
            params=params,
            json=json,
            data=data,
            files=files,
            timeout=self.timeout,
        )
        retrying = Retrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            sleep=self._sleep,
            before_sleep=lambda state: self._log_retry(what, state),
            reraise=True,
        )
        try:
            return retrying(self._once, what, send, idempotent)
        except _Transient as exc:
            raise RetryLater(self.scrub(f"strapi {what}: {exc.reason}")) from None

    def _once(self, what: str, send: Callable[[], requests.Response], idempotent: bool) -> Any:
        try:
            response = self._within_deadline(what, send)
        except requests.ConnectTimeout:
            raise _Transient(f"no connection within {self.timeout:g} s") from None
        except (requests.Timeout, requests.ConnectionError) as exc:
            reason = (
                f"no answer within {self.timeout:g} s"
                if isinstance(exc, requests.Timeout)
                else f"cannot connect to {self.base_url}: {type(exc).__name__}"
            )
            if not idempotent:
                raise RetryLater(self.scrub(f"strapi {what}: {reason}")) from None
            raise _Transient(reason) from None
        return self._interpret(what, response)

    def _within_deadline(
        self, what: str, send: Callable[[], requests.Response]
    ) -> requests.Response:
        """One request, body included, bounded in total: per-read timeouts are not."""
        if self.deadline is None:
            return send()
        expired = service_deadline(f"strapi {what}", self.deadline, "strapi.deadline")
        return within(self.deadline, send, expired)

    def _interpret(self, what: str, response: requests.Response) -> Any:
        status = response.status_code
        try:
            payload = response.json() if response.content else None
        except ValueError:
            payload = None
        detail = self.scrub(describe_error(payload))
        failure = failure_of(status)
        if failure is None:
            return payload
        if failure in TRANSIENT:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None and retry_after > self.max_retry_wait:
                # Waiting less than the server asked only earns another 429: leave it for later.
                raise RetryLater(
                    f"strapi {what}: HTTP {status}, server asks to wait {retry_after:g} s "
                    f"(more than max_retry_wait {self.max_retry_wait:g} s)"
                )
            raise _Transient(f"HTTP {status}" + (f" {detail}" if detail else ""), retry_after)
        if failure == Failure.AUTH:
            raise AuthError(
                f"strapi refused the API token (HTTP {status} on {what}): set STRAPI_TOKEN to a "
                "valid token with full access (or find/create/update on the collection and upload)"
            )
        if failure == Failure.NOT_FOUND:
            raise NotFound(f"strapi {what}: HTTP 404 not found")
        message = f"strapi {what}: HTTP {status} " + (detail or response.reason or "")
        raise Rejected(message, field_problems(payload))

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = exc.retry_after if isinstance(exc, _Transient) else None
        return backoff_delay(state.attempt_number, retry_after, self.max_retry_wait)

    def _hold_pacer(self, seconds: float) -> None:
        """Strapi asked to wait: every request of the run waits, and progress says why."""
        adapter = self.session.get_adapter(self.base_url + "/")
        if isinstance(adapter, RateLimitedAdapter):
            adapter.limiter.hold(seconds, f"Retry-After {seconds:g}s from strapi")

    def _log_retry(self, what: str, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0.0
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            self._hold_pacer(delay)
        log.warning(
            "strapi %s: %s; retry %d/%d in %.1f s",
            what,
            self.scrub(str(exc)),
            state.attempt_number,
            self.max_retries,
            delay,
        )

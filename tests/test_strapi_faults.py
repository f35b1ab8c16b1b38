"""What a real Strapi won't do on demand: rate limits, 5xx, timeouts, dropped connections.

A fake server (``responses``) answers instead; sleeping is recorded rather than done.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
import requests
import responses
from pydantic import SecretStr
from responses import matchers

from integration.strapi_data import Recorder, make_note, strapi_settings, write_cover
from publisher.config import StrapiFields
from publisher.errors import AddressTaken, AuthError, NoteError, RetryLater, StopRun
from publisher.models import Publication
from publisher.targets.strapi import StrapiTarget
from publisher.targets.strapi_http import StrapiHttp, parse_retry_after
from publisher.targets.strapi_payload import schema_problems, schema_warnings

SHIPPED_SCHEMA = (
    Path(__file__).resolve().parents[1] / "strapi-app/src/api/note/content-types/note/schema.json"
)

URL = "http://strapi.test"
TOKEN = "secret-token-5f1e9c0ddeadbeef"
LOCALES_JSON = [{"code": "ru", "isDefault": True}, {"code": "en", "isDefault": False}]


@pytest.fixture
def fake() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_http(
    sleeps: list[float], max_retries: int = 3, max_retry_wait: float = 30.0
) -> StrapiHttp:
    return StrapiHttp(
        URL,
        SecretStr(TOKEN),
        timeout=7.0,
        max_retries=max_retries,
        max_retry_wait=max_retry_wait,
        sleep=sleeps.append,
    )


def make_target(sleeps: list[float], **settings: object) -> StrapiTarget:
    return StrapiTarget(
        strapi_settings(URL, TOKEN, **settings), ["ru", "en"], "ru", sleep=sleeps.append
    )


def serve_preflight(fake: responses.RequestsMock) -> None:
    fake.get(f"{URL}/api/i18n/locales", json=LOCALES_JSON)
    fake.get(f"{URL}/api/notes", json={"data": [], "meta": {}})


def serve_publish(fake: responses.RequestsMock) -> None:
    """A server that accepts one new note: cover upload as file 11, document doc1."""
    serve_preflight(fake)
    fake.get(f"{URL}/api/upload/files", json=[])
    fake.post(f"{URL}/api/upload", json=[{"id": 11}])
    fake.post(f"{URL}/api/notes", json={"data": {"documentId": "doc1"}})
    fake.put(f"{URL}/api/notes/doc1", json={"data": {"documentId": "doc1"}})


def test_429_waits_as_long_as_retry_after_says_then_succeeds(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    fake.get(f"{URL}/api/x", status=429, headers={"Retry-After": "3"})
    fake.get(f"{URL}/api/x", json={"ok": True})

    assert make_http(sleeps).get("/api/x") == {"ok": True}
    assert sleeps == [3.0]
    assert len(fake.calls) == 2


def test_retry_after_as_http_date_is_understood() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    header = format_datetime(now + timedelta(seconds=42), usegmt=True)

    assert parse_retry_after(header, now) == 42.0
    assert parse_retry_after("soon", now) is None


def test_retry_after_longer_than_allowed_leaves_the_note_for_later_at_once(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    fake.get(f"{URL}/api/x", status=429, headers={"Retry-After": "120"})

    with pytest.raises(RetryLater, match="wait 120 s"):
        make_http(sleeps, max_retry_wait=30).get("/api/x")
    assert sleeps == []
    assert len(fake.calls) == 1


def test_502_until_retries_run_out_is_retry_later_after_bounded_backoff(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    fake.get(f"{URL}/api/x", status=502, body="<html>Bad Gateway</html>")

    with pytest.raises(RetryLater, match="HTTP 502"):
        make_http(sleeps, max_retries=3, max_retry_wait=1.5).get("/api/x")
    assert len(fake.calls) == 4
    assert sleeps == [0.5, 1.0, 1.5]


@pytest.mark.parametrize(
    ("failure", "says"),
    [
        (requests.exceptions.ReadTimeout("read timed out"), "no answer within 7 s"),
        (requests.exceptions.ConnectTimeout("connect timed out"), "no connection within 7 s"),
        (requests.exceptions.ConnectionError("refused"), f"cannot connect to {URL}"),
    ],
)
def test_timeouts_and_dropped_connections_are_retried_then_retry_later(
    fake: responses.RequestsMock, sleeps: list[float], failure: Exception, says: str
) -> None:
    fake.get(f"{URL}/api/x", body=failure)

    with pytest.raises(RetryLater, match=says):
        make_http(sleeps, max_retries=2).get("/api/x")
    assert len(fake.calls) == 3
    assert len(sleeps) == 2


def test_a_timeout_then_an_answer_succeeds(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    fake.get(f"{URL}/api/x", body=requests.exceptions.ReadTimeout())
    fake.get(f"{URL}/api/x", json=[1])

    assert make_http(sleeps).get("/api/x") == [1]


def test_create_that_may_have_happened_is_not_repeated(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    """A read timeout on POST may hide a created document: no retry, the next run finds it."""
    serve_preflight(fake)
    fake.post(f"{URL}/api/notes", body=requests.exceptions.ReadTimeout())

    with pytest.raises(RetryLater, match="no answer within"):
        make_target(sleeps).publish(make_note("slow-1"), {}, Recorder())
    assert [c.request.method for c in fake.calls].count("POST") == 1
    assert sleeps == []


def test_create_refused_with_503_is_retried(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    serve_preflight(fake)
    fake.post(f"{URL}/api/notes", status=503)
    fake.post(f"{URL}/api/notes", json={"data": {"documentId": "doc1"}})
    fake.put(f"{URL}/api/notes/doc1", json={"data": {"documentId": "doc1"}})
    recorder = Recorder()

    make_target(sleeps).publish(make_note("busy-1"), {}, recorder)

    assert [c.request.method for c in fake.calls].count("POST") == 2
    assert [p.target_id for p in recorder.calls] == ["doc1", "doc1"]


def test_validation_error_carries_strapis_message_and_details(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    error = {
        "status": 400,
        "name": "ValidationError",
        "message": "2 errors occurred",
        "details": {
            "errors": [
                {"path": ["title"], "message": "title must be at most 300 characters"},
                {"path": ["slug"], "message": "slug must match the pattern"},
            ]
        },
    }
    fake.post(f"{URL}/api/notes", status=400, json={"data": None, "error": error})

    with pytest.raises(NoteError) as caught:
        make_http(sleeps).request("POST", "/api/notes", json={})
    assert not isinstance(caught.value, RetryLater)
    assert str(caught.value) == (
        "strapi POST /api/notes: HTTP 400 ValidationError: 2 errors occurred "
        "(title: title must be at most 300 characters; slug: slug must match the pattern)"
    )
    assert sleeps == []


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_is_one_line_without_the_token(
    fake: responses.RequestsMock, sleeps: list[float], status: int
) -> None:
    fake.get(f"{URL}/api/i18n/locales", status=status, json={"error": {"message": TOKEN}})

    with pytest.raises(AuthError) as caught:
        make_target(sleeps).check()
    assert TOKEN not in str(caught.value)
    assert "STRAPI_TOKEN" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_token_echoed_by_the_server_is_scrubbed_from_errors_and_logs(
    fake: responses.RequestsMock, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    echo = {"error": {"name": "ValidationError", "message": f"bad header Bearer {TOKEN}"}}
    fake.get(f"{URL}/api/a", status=503, json=echo)
    fake.get(f"{URL}/api/b", status=400, json=echo)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(RetryLater) as later:
        make_http(sleeps, max_retries=1).get("/api/a")
    with pytest.raises(NoteError) as failed:
        make_http(sleeps).get("/api/b")

    assert "retry 1/1" in caplog.text
    for text in (str(later.value), str(failed.value), caplog.text):
        assert TOKEN not in text
        assert "Bearer ***" in text


def test_every_request_has_the_configured_timeout_and_one_session(
    fake: responses.RequestsMock, sleeps: list[float], tmp_path: Path
) -> None:
    serve_publish(fake)

    make_target(sleeps, timeout=9.5).publish(
        make_note("t-1", cover=write_cover(tmp_path)), {}, Recorder()
    )

    # locales, collection, find, upload lookup, upload, create ru, converge check, put en,
    # the check for an older copy of the same image
    assert len(fake.calls) == 9
    assert {call.request.req_kwargs["timeout"] for call in fake.calls} == {9.5}


def test_cover_travels_as_a_named_multipart_file_with_alt_and_attribution(
    fake: responses.RequestsMock, sleeps: list[float], tmp_path: Path
) -> None:
    serve_publish(fake)
    note = make_note("mp-1", cover=write_cover(tmp_path))

    make_target(sleeps).publish(note, {}, Recorder())

    upload = next(c.request for c in fake.calls if c.request.url.endswith("/api/upload"))
    body = upload.body
    name = f"{note.posts['ru'].slug}--publisher-{note.cover.sha256}.png"
    assert b'name="files"; filename="' + name.encode() + b'"' in body
    assert b"Content-Type: image/png" in body
    assert note.cover.file.read_bytes() in body
    info = json.loads(body.split(b'name="fileInfo"\r\n\r\n')[1].split(b"\r\n--")[0])
    assert info["alternativeText"] == note.cover.alt
    assert info["caption"] == "Photo by Ada Lovelace on Unsplash"
    writes = [
        json.loads(c.request.body)
        for c in fake.calls
        if c.request.method in ("POST", "PUT") and "/api/notes" in c.request.url
    ]
    assert [w["data"]["cover"] for w in writes] == [11, 11]
    assert [w["data"]["external_id"] for w in writes] == ["mp-1", "mp-1"]


def test_unchanged_cover_reuses_the_stored_file_without_uploading(
    fake: responses.RequestsMock, sleeps: list[float], tmp_path: Path
) -> None:
    cover = write_cover(tmp_path)
    serve_preflight(fake)
    fake.get(f"{URL}/api/upload/files/11", json={"id": 11})
    fake.put(f"{URL}/api/notes/doc1", json={"data": {"documentId": "doc1"}})
    previous = {
        code: Publication(
            note_id="re-1",
            locale=code,
            target="strapi",
            target_id="doc1",
            file_id="11",
            cover_sha256=cover.sha256,
            published_hash="old",
        )
        for code in ("ru", "en")
    }
    recorder = Recorder()

    make_target(sleeps).publish(make_note("re-1", cover=cover), previous, recorder)

    assert not any(c.request.url.endswith("/api/upload") for c in fake.calls)
    assert [p.file_id for p in recorder.calls] == ["11", "11"]


def test_a_locale_written_before_a_failure_is_already_recorded(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    serve_preflight(fake)
    fake.post(
        f"{URL}/api/notes",
        json={"data": {"documentId": "doc1"}},
        match=[matchers.query_param_matcher({"locale": "ru"})],
    )
    fake.put(f"{URL}/api/notes/doc1", status=503)
    recorder = Recorder()

    with pytest.raises(RetryLater):
        make_target(sleeps, max_retries=1).publish(make_note("half-2"), {}, recorder)

    assert [(p.locale, p.target_id) for p in recorder.calls] == [("ru", "doc1")]


def test_stored_document_answering_404_is_looked_up_then_recreated(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    serve_preflight(fake)
    fake.put(f"{URL}/api/notes/old", status=404, json={"error": {"name": "NotFoundError"}})
    fake.post(f"{URL}/api/notes", json={"data": {"documentId": "new"}})
    fake.put(f"{URL}/api/notes/new", json={"data": {"documentId": "new"}})
    previous = {
        "ru": Publication(
            note_id="n", locale="ru", target="strapi", target_id="old", published_hash="h"
        )
    }
    recorder = Recorder()

    make_target(sleeps).publish(make_note("n"), previous, recorder)

    assert [p.target_id for p in recorder.calls] == ["new", "new"]
    methods = [(c.request.method, c.request.path_url.split("?")[0]) for c in fake.calls]
    assert methods[-5:] == [
        ("PUT", "/api/notes/old"),
        ("GET", "/api/notes"),
        ("POST", "/api/notes"),
        ("GET", "/api/notes"),
        ("PUT", "/api/notes/new"),
    ]


def test_unreachable_server_stops_the_run_before_any_write(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    fake.get(f"{URL}/api/i18n/locales", body=requests.exceptions.ConnectionError("refused"))

    with pytest.raises(StopRun, match="unreachable"):
        make_target(sleeps, max_retries=1).publish(make_note("down-1"), {}, Recorder())
    assert all(c.request.method == "GET" for c in fake.calls)


def test_doctor_reports_an_unreachable_server_without_retrying(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    fake.get(f"{URL}/_health", body=requests.exceptions.ConnectionError("refused"))

    (check,) = make_target(sleeps).doctor()

    assert (check.name, check.ok) == ("strapi url", False)
    assert "start Strapi" in (check.fix or "")
    assert len(fake.calls) == 1 and sleeps == []


def test_schema_problems_name_each_mismatch_with_the_content_type() -> None:
    localized = {"pluginOptions": {"i18n": {"localized": True}}}
    attributes = {
        "title": {"type": "string", **localized},
        "slug": {"type": "string"},
        "external_id": {"type": "string", **localized},
        "cover": {"type": "media", "multiple": True, "allowedTypes": ["images"]},
    }

    no_page_fields = StrapiFields(description="", date="", tags="", project="", reading_time="")
    assert schema_problems(attributes, no_page_fields) == [
        "field 'slug' (slug) is not localized",
        "no field 'body' (body)",
        "field 'cover' should be a single media field",
        "field 'external_id' (external_id) should not be localized",
    ]
    assert "field 'slug' (slug) is neither a UID nor unique" in schema_warnings(
        attributes, no_page_fields
    )


def test_schema_problems_name_the_page_fields_a_content_type_lacks() -> None:
    localized = {"pluginOptions": {"i18n": {"localized": True}}}
    attributes = {
        "title": {"type": "string", **localized},
        "slug": {"type": "uid", "targetField": "title", **localized},
        "body": {"type": "richtext", **localized},
        "external_id": {"type": "string"},
        "cover": {"type": "media", "multiple": False, "allowedTypes": ["images"]},
        "description": {"type": "text", **localized},
        "date": {"type": "string"},
        "tags": {"type": "json", **localized},
    }

    assert schema_problems(attributes, StrapiFields()) == [
        "field 'date' (date) should be datetime",
        "field 'tags' (tags) should not be localized",
        "no field 'project' (project); or set strapi.fields.project = \"\"",
        "no field 'reading_time' (reading_time); or set strapi.fields.reading_time = \"\"",
    ]
    disabled = StrapiFields(date="", tags="", project="", reading_time="")
    assert schema_problems(attributes, disabled) == []
    shipped = json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))["attributes"]
    assert schema_problems(shipped, StrapiFields()) == []
    assert schema_warnings(shipped, StrapiFields()) == []


def test_a_retry_after_holds_every_strapi_request_and_progress_can_say_so(
    fake: responses.RequestsMock, sleeps: list[float]
) -> None:
    from publisher.ratelimit import RateLimiter, paced_session

    limiter = RateLimiter(1000.0, burst=4, name="strapi", sleep=lambda _s: None)
    http = StrapiHttp(
        URL,
        SecretStr(TOKEN),
        timeout=7.0,
        max_retries=3,
        max_retry_wait=30.0,
        session=paced_session(limiter),
        sleep=sleeps.append,
    )
    fake.get(f"{URL}/api/x", status=429, headers={"Retry-After": "3"})
    fake.get(f"{URL}/api/x", json={"ok": True})
    assert http.get("/api/x") == {"ok": True}
    assert limiter.last_hold == "Retry-After 3s from strapi"


def test_a_slug_strapi_says_is_taken_raises_address_taken_and_keeps_the_upload(
    fake: responses.RequestsMock, sleeps: list[float], tmp_path: Path
) -> None:
    serve_preflight(fake)
    fake.get(f"{URL}/api/upload/files", json=[])
    fake.post(f"{URL}/api/upload", json=[{"id": 11}])
    taken = {
        "name": "ValidationError",
        "message": "This attribute must be unique",
        "details": {"errors": [{"path": ["slug"], "message": "This attribute must be unique"}]},
    }
    fake.post(f"{URL}/api/notes", status=400, json={"data": None, "error": taken})
    note = make_note("n-taken", cover=write_cover(tmp_path))

    with pytest.raises(AddressTaken) as caught:
        make_target(sleeps).publish(note, {}, Recorder())

    assert (caught.value.locale, caught.value.slug) == ("ru", note.posts["ru"].slug)
    assert not [call for call in fake.calls if call.request.method == "DELETE"]

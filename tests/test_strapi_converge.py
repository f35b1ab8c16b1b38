"""Convergence and upload bookkeeping under faults a real Strapi won't produce on demand.

A fake server (``responses``) answers: a duplicate that appeared between two requests, a
unique-field refusal, an upload whose answer is lost. tests/integration/test_strapi_single.py
runs the same guarantees against the real Strapi.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses
from responses import matchers

from integration.strapi_data import Recorder, make_note, strapi_settings, write_cover
from publisher.config import StrapiFields
from publisher.errors import NoteError, RetryLater
from publisher.models import Publication
from publisher.targets.strapi import StrapiTarget
from publisher.targets.strapi_payload import schema_warnings

URL = "http://strapi.test"
LOCALES_JSON = [{"code": "ru"}, {"code": "en"}]
NOTES = f"{URL}/api/notes"
UPLOAD = f"{URL}/api/upload"


@pytest.fixture
def fake() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(f"{URL}/api/i18n/locales", json=LOCALES_JSON)
        yield mock


def target(**settings: object) -> StrapiTarget:
    return StrapiTarget(
        strapi_settings(URL, "test-token-0123456789", **settings),
        ["ru", "en"],
        "ru",
        sleep=lambda _: None,
    )


def holders(*document_ids: str) -> dict[str, object]:
    return {"data": [{"documentId": doc, "external_id": "n"} for doc in document_ids]}


def calls(fake: responses.RequestsMock) -> list[tuple[str, str]]:
    return [
        (call.request.method, (call.request.path_url or "").split("?")[0]) for call in fake.calls
    ]


def test_a_create_that_raced_another_writer_moves_onto_the_oldest_and_deletes_its_own(
    fake: responses.RequestsMock,
) -> None:
    fake.get(NOTES, json=holders())  # preflight
    fake.get(NOTES, json=holders())  # nothing holds the note yet
    fake.post(NOTES, json={"data": {"documentId": "mine"}})
    fake.get(NOTES, json=holders("theirs", "mine"))  # the other writer created first
    fake.put(f"{NOTES}/theirs", json={"data": {"documentId": "theirs"}})
    fake.delete(f"{NOTES}/mine", status=204, match=[matchers.query_param_matcher({"locale": "*"})])
    recorder = Recorder()

    target().publish(make_note("n"), {}, recorder)

    assert [(p.locale, p.target_id) for p in recorder.calls] == [("ru", "theirs"), ("en", "theirs")]
    assert calls(fake)[-5:] == [
        ("POST", "/api/notes"),
        ("GET", "/api/notes"),
        ("PUT", "/api/notes/theirs"),
        ("DELETE", "/api/notes/mine"),
        ("PUT", "/api/notes/theirs"),
    ]
    ru, en = (json.loads(c.request.body)["data"] for c in fake.calls if c.request.method == "PUT")
    assert (ru["title"], en["title"]) == (
        make_note("n").posts["ru"].title,
        make_note("n").posts["en"].title,
    )


def test_the_oldest_writer_keeps_its_document_and_deletes_newer_copies(
    fake: responses.RequestsMock,
) -> None:
    fake.get(NOTES, json=holders())
    fake.get(NOTES, json=holders())
    fake.post(NOTES, json={"data": {"documentId": "mine"}})
    fake.get(NOTES, json=holders("mine", "later"))
    fake.delete(f"{NOTES}/later", status=204)
    fake.put(f"{NOTES}/mine", json={"data": {"documentId": "mine"}})
    recorder = Recorder()

    target().publish(make_note("n"), {}, recorder)

    assert {p.target_id for p in recorder.calls} == {"mine"}
    assert ("DELETE", "/api/notes/later") in calls(fake)
    assert ("PUT", "/api/notes/later") not in calls(fake)


def test_a_unique_refusal_of_the_create_joins_the_document_that_won(
    fake: responses.RequestsMock,
) -> None:
    unique = {"error": {"name": "ValidationError", "message": "This attribute must be unique"}}
    fake.get(NOTES, json=holders())
    fake.get(NOTES, json=holders())
    fake.post(NOTES, status=400, json=unique)
    fake.get(NOTES, json=holders("winner"))
    fake.put(f"{NOTES}/winner", json={"data": {"documentId": "winner"}})
    recorder = Recorder()

    target().publish(make_note("n"), {}, recorder)

    assert {p.target_id for p in recorder.calls} == {"winner"}


def test_a_document_merged_away_mid_note_is_converged_again(
    fake: responses.RequestsMock,
) -> None:
    fake.get(NOTES, json=holders())
    fake.get(NOTES, json=holders())
    fake.post(NOTES, json={"data": {"documentId": "mine"}})
    fake.get(NOTES, json=holders("mine"))
    fake.put(f"{NOTES}/mine", status=404, json={"error": {"name": "NotFoundError"}})
    fake.get(NOTES, json=holders("theirs"))
    fake.put(f"{NOTES}/theirs", json={"data": {"documentId": "theirs"}})
    fake.delete(f"{NOTES}/mine", status=404)
    recorder = Recorder()

    target().publish(make_note("n"), {}, recorder)

    assert [p.target_id for p in recorder.calls][-2:] == ["theirs", "theirs"]


def test_an_unanswered_upload_is_looked_up_and_reused_not_sent_again(
    fake: responses.RequestsMock, tmp_path: Path
) -> None:
    fake.get(NOTES, json=holders())
    fake.get(f"{URL}/api/upload/files", json=[])
    fake.post(UPLOAD, body=requests.exceptions.ReadTimeout("read timed out"))
    note = make_note("n", cover=write_cover(tmp_path))
    assert note.cover is not None
    arrived = f"{note.posts['ru'].slug}--publisher-{note.cover.sha256}.png"
    fake.get(f"{URL}/api/upload/files", json=[{"id": 31, "name": arrived}])
    fake.post(NOTES, json={"data": {"documentId": "d"}})
    fake.put(f"{NOTES}/d", json={"data": {"documentId": "d"}})
    recorder = Recorder()

    target().publish(note, {}, recorder)

    assert calls(fake).count(("POST", "/api/upload")) == 1
    assert {p.file_id for p in recorder.calls} == {"31"}
    assert recorder.calls[0].target_id is None and recorder.calls[0].published_hash == ""


def test_an_unanswered_upload_not_found_waits_for_the_next_run_instead_of_a_second_send(
    fake: responses.RequestsMock, tmp_path: Path
) -> None:
    fake.get(NOTES, json=holders())
    fake.get(f"{URL}/api/upload/files", json=[])
    fake.post(UPLOAD, body=requests.exceptions.ConnectionError("reset by peer"))
    fake.post(UPLOAD, json=[{"id": 32}])
    fake.post(NOTES, json={"data": {"documentId": "d"}})
    fake.put(f"{NOTES}/d", json={"data": {"documentId": "d"}})
    note = make_note("n", cover=write_cover(tmp_path))

    with pytest.raises(RetryLater, match="looked up again next run"):
        target().publish(note, {}, Recorder())
    assert calls(fake).count(("POST", "/api/upload")) == 1

    recorder = Recorder()
    target().publish(note, {}, recorder)  # the next run: still not there, so it is sent

    assert calls(fake).count(("POST", "/api/upload")) == 2
    assert calls(fake).count(("GET", "/api/upload/files")) == 4  # 2 lookups, 2 copy checks
    assert {p.file_id for p in recorder.calls} == {"32"}


def test_the_upload_is_recorded_before_the_entry_write_and_kept_when_it_fails_for_now(
    fake: responses.RequestsMock, tmp_path: Path
) -> None:
    fake.get(NOTES, json=holders())
    fake.get(f"{URL}/api/upload/files", json=[])
    fake.post(UPLOAD, json=[{"id": 33}])
    fake.post(NOTES, status=503)
    recorder = Recorder()

    with pytest.raises(RetryLater):
        target(max_retries=1).publish(make_note("n", cover=write_cover(tmp_path)), {}, recorder)

    assert [(p.locale, p.file_id, p.target_id) for p in recorder.calls] == [("ru", "33", None)]
    assert ("DELETE", "/api/upload/files/33") not in calls(fake)


def test_an_upload_whose_entry_write_fails_for_good_is_deleted(
    fake: responses.RequestsMock, tmp_path: Path
) -> None:
    invalid = {"error": {"name": "ValidationError", "message": "title too long"}}
    fake.get(NOTES, json=holders())
    fake.get(f"{URL}/api/upload/files", json=[])
    fake.post(UPLOAD, json=[{"id": 34}])
    fake.post(NOTES, status=400, json=invalid)
    fake.delete(f"{URL}/api/upload/files/34", json={"id": 34})

    with pytest.raises(NoteError, match="title too long"):
        target().publish(make_note("n", cover=write_cover(tmp_path)), {}, Recorder())

    assert ("DELETE", "/api/upload/files/34") in calls(fake)


def test_a_non_unique_external_id_is_a_warning_not_a_failure() -> None:
    fields = StrapiFields()
    assert schema_warnings({"external_id": {"type": "string"}}, fields) == [
        "field 'external_id' (external_id) is not unique"
    ]
    assert schema_warnings({"external_id": {"type": "string", "unique": True}}, fields) == []


SHIPPED = Path(__file__).resolve().parents[1] / "strapi-app/src/api/note/content-types/note"


@pytest.mark.parametrize("unique", [True, False])
def test_doctor_warns_without_failing_when_external_id_is_not_unique(
    fake: responses.RequestsMock, unique: bool
) -> None:
    shipped = json.loads((SHIPPED / "schema.json").read_text(encoding="utf-8"))
    assert shipped["attributes"]["external_id"]["unique"] is True  # what this repo ships
    shipped["attributes"]["external_id"]["unique"] = unique
    # The Content-Type Builder API answers with the info keys at the schema's top level.
    schema = {**shipped["info"], "attributes": shipped["attributes"]}
    fake.get(f"{URL}/_health", status=204)
    fake.get(
        f"{URL}/api/content-type-builder/content-types",
        json={"data": [{"uid": "api::note.note", "schema": schema}]},
    )

    check = target().doctor()[-1]

    assert (check.ok, check.warning) == (True, not unique)
    assert ("'external_id' (external_id) is not unique" in check.detail) is not unique


@pytest.mark.parametrize(("related", "deleted"), [([], True), ([{"id": 5}], False)])
def test_a_changed_cover_deletes_the_earlier_upload_once_nothing_links_it(
    fake: responses.RequestsMock, tmp_path: Path, related: list[object], deleted: bool
) -> None:
    old_name = f"n--publisher-{'0' * 64}.png"
    fake.get(NOTES, json=holders("d"))
    fake.get(f"{URL}/api/upload/files/11", json={"id": 11, "name": old_name, "related": related})
    fake.get(f"{URL}/api/upload/files", json=[])
    fake.post(UPLOAD, json=[{"id": 12}])
    fake.put(f"{NOTES}/d", json={"data": {"documentId": "d"}})
    fake.delete(f"{URL}/api/upload/files/11", json={"id": 11})
    previous = {
        code: Publication(
            note_id="n",
            locale=code,
            target="strapi",
            target_id="d",
            file_id="11",
            cover_sha256="0" * 64,
            published_hash="old",
        )
        for code in ("ru", "en")
    }
    recorder = Recorder()

    target().publish(make_note("n", cover=write_cover(tmp_path)), previous, recorder)

    assert {p.file_id for p in recorder.calls} == {"12"}
    assert (("DELETE", "/api/upload/files/11") in calls(fake)) is deleted


def test_two_writers_uploading_one_image_at_once_end_on_the_oldest_copy(
    fake: responses.RequestsMock, tmp_path: Path
) -> None:
    note = make_note("n", cover=write_cover(tmp_path))
    assert note.cover is not None
    theirs = f"{note.posts['ru'].slug}--publisher-{note.cover.sha256}.png"
    fake.get(NOTES, json=holders())
    fake.get(f"{URL}/api/upload/files", json=[])  # nothing yet when this writer looks
    fake.post(UPLOAD, json=[{"id": 40}])
    fake.post(NOTES, json={"data": {"documentId": "d"}})
    fake.put(f"{NOTES}/d", json={"data": {"documentId": "d"}})
    fake.get(f"{URL}/api/upload/files", json=[{"id": 38, "name": theirs}])  # theirs is older
    fake.get(f"{URL}/api/upload/files/40", json={"id": 40, "name": theirs, "related": []})
    fake.delete(f"{URL}/api/upload/files/40", json={"id": 40})
    recorder = Recorder()

    returned = target().publish(note, {}, recorder)

    assert {p.file_id for p in returned} == {"38"}
    assert [p.file_id for p in recorder.calls][-2:] == ["38", "38"]
    covers = [
        json.loads(c.request.body)["data"]["cover"]
        for c in fake.calls
        if c.request.method in ("POST", "PUT") and "/api/notes" in c.request.url
    ]
    assert covers == [40, 40, 38, 38]
    assert ("DELETE", "/api/upload/files/40") in calls(fake)

"""What a real Strapi refuses, and what the target then does: stop, fail the note, or explain."""

from __future__ import annotations

from pathlib import Path

import pytest
from strapi_data import Recorder, StrapiServer, make_note, strapi_settings, write_cover

from publisher.config import StrapiFields
from publisher.errors import AuthError, NoteError, StopRun
from publisher.targets.strapi import StrapiTarget

pytestmark = pytest.mark.strapi


def locale_codes(server: StrapiServer) -> set[str]:
    response = server.session().get(f"{server.url}/api/i18n/locales", timeout=10)
    response.raise_for_status()
    return {item["code"] for item in response.json()}


def count_entries(server: StrapiServer, external_id: str, locale: str) -> int:
    response = server.session().get(
        f"{server.url}/api/notes",
        params={"filters[external_id][$eq]": external_id, "locale": locale, "status": "draft"},
        timeout=10,
    )
    response.raise_for_status()
    return int(response.json()["meta"]["pagination"]["total"])


def upload_count(server: StrapiServer) -> int:
    response = server.session().get(f"{server.url}/api/upload/files", timeout=10)
    response.raise_for_status()
    return len(response.json())


def test_unknown_locale_stops_the_run_before_any_write(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    before_uploads = upload_count(strapi_server)
    target = StrapiTarget(
        strapi_settings(strapi_server.url, strapi_server.token), ["ru", "de"], "ru"
    )
    note = make_note("ghost-1", locales=("ru", "de"), cover=write_cover(tmp_path))
    recorder = Recorder()

    with pytest.raises(StopRun, match="no locale de"):
        target.publish(note, {}, recorder)

    assert recorder.calls == []
    assert count_entries(strapi_server, "ghost-1", "ru") == 0
    assert "de" not in locale_codes(strapi_server)
    assert upload_count(strapi_server) == before_uploads


def test_wrong_token_stops_the_run_without_showing_the_token(
    strapi_server: StrapiServer, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "wrong-token-0123456789abcdef"
    target = StrapiTarget(strapi_settings(strapi_server.url, wrong), ["ru", "en"], "ru")

    with pytest.raises(AuthError) as caught:
        target.publish(make_note("auth-1"), {}, Recorder())

    message = str(caught.value)
    assert "STRAPI_TOKEN" in message and "401" in message
    assert wrong not in message and wrong not in caplog.text
    assert "\n" not in message
    assert count_entries(strapi_server, "auth-1", "ru") == 0


def test_value_strapi_rejects_fails_the_note_with_strapis_reason(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    before_uploads = upload_count(strapi_server)
    target = StrapiTarget(
        strapi_settings(strapi_server.url, strapi_server.token), ["ru", "en"], "ru"
    )
    note = make_note("long-1", title="x" * 400, cover=write_cover(tmp_path, (9, 9, 9)))
    with pytest.raises(NoteError) as caught:
        target.publish(note, {}, Recorder())

    assert "ValidationError" in str(caught.value)
    assert "title: title must be at most 300 characters" in str(caught.value)
    assert count_entries(strapi_server, "long-1", "ru") == 0
    assert upload_count(strapi_server) == before_uploads  # the unused upload was deleted


def test_misnamed_field_fails_the_note_naming_the_field(strapi_server: StrapiServer) -> None:
    settings = strapi_settings(
        strapi_server.url, strapi_server.token, fields=StrapiFields(slug="permalink")
    )
    target = StrapiTarget(settings, ["ru", "en"], "ru")

    with pytest.raises(NoteError, match="Invalid key permalink"):
        target.publish(make_note("field-1"), {}, Recorder())


def test_cover_whose_bytes_are_not_its_declared_type_is_refused_before_upload(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    before_uploads = upload_count(strapi_server)
    liar = write_cover(tmp_path, fmt="JPEG", mime="image/png")
    target = StrapiTarget(
        strapi_settings(strapi_server.url, strapi_server.token), ["ru", "en"], "ru"
    )

    with pytest.raises(NoteError, match="is image/jpeg but was declared image/png"):
        target.publish(make_note("liar-1", cover=liar), {}, Recorder())

    assert upload_count(strapi_server) == before_uploads
    assert count_entries(strapi_server, "liar-1", "ru") == 0


def test_doctor_passes_on_a_correct_setup(strapi_server: StrapiServer) -> None:
    target = StrapiTarget(
        strapi_settings(strapi_server.url, strapi_server.token), ["ru", "en"], "ru"
    )
    checks = target.doctor()

    assert [c.name for c in checks] == [
        "strapi url",
        "strapi token",
        "strapi locales",
        "strapi collection 'notes'",
    ]
    assert all(c.ok for c in checks), checks


@pytest.mark.parametrize(
    ("overrides", "locales", "failing", "says"),
    [
        ({"token": "nope-nope-nope"}, ["ru", "en"], "strapi token", "rejected"),
        ({}, ["ru", "fr"], "strapi locales", "missing fr"),
        ({"collection": "posts"}, ["ru", "en"], "strapi collection 'posts'", "no collection"),
        (
            {"fields": StrapiFields(body="content")},
            ["ru", "en"],
            "strapi collection 'notes'",
            "no field 'content' (body)",
        ),
        (
            {"fields": StrapiFields(reading_time="minutes")},
            ["ru", "en"],
            "strapi collection 'notes'",
            "no field 'minutes' (reading_time)",
        ),
    ],
)
def test_doctor_names_what_is_wrong_and_how_to_fix_it(
    strapi_server: StrapiServer,
    overrides: dict[str, object],
    locales: list[str],
    failing: str,
    says: str,
) -> None:
    options = {"token": strapi_server.token, **overrides}
    settings = strapi_settings(strapi_server.url, **options)
    checks = {c.name: c for c in StrapiTarget(settings, locales, "ru").doctor()}

    assert not checks[failing].ok
    assert says in checks[failing].detail
    assert checks[failing].fix
    assert all(c.ok for name, c in checks.items() if name != failing)
    assert "nope-nope-nope" not in " ".join(f"{c.detail} {c.fix}" for c in checks.values())

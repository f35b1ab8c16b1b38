"""Publishing against a real Strapi 5: what ends up in the CMS, read back over REST."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from strapi_data import Recorder, StrapiServer, make_note, strapi_settings, write_cover

from publisher.models import CoverImage, EnrichedNote, Publication
from publisher.targets.strapi import StrapiTarget

pytestmark = pytest.mark.strapi

LOCALES = ["ru", "en"]


def target_for(server: StrapiServer, locales: list[str] = LOCALES, **settings: Any) -> StrapiTarget:
    return StrapiTarget(strapi_settings(server.url, server.token, **settings), locales, "ru")


def publish(
    target: StrapiTarget, note: EnrichedNote, previous: dict[str, Publication] | None = None
) -> Recorder:
    """The publications a publish returned, checked to be the last ones it recorded (a new
    cover upload is recorded first, on its own, before any entry links it)."""
    recorder = Recorder()
    returned = target.publish(note, previous or {}, recorder)
    assert recorder.calls[-len(returned) :] == returned
    written = Recorder()
    written.calls = returned
    return written


def read_entry(
    server: StrapiServer, document_id: str, locale: str, status: str = "published"
) -> dict[str, Any] | None:
    response = server.session().get(
        f"{server.url}/api/notes/{document_id}",
        params={"locale": locale, "populate": "cover", "status": status},
        timeout=10,
    )
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.json()["data"]


def entries_for(server: StrapiServer, external_id: str, locale: str) -> list[dict[str, Any]]:
    """Every document holding this external id in a locale, drafts included."""
    response = server.session().get(
        f"{server.url}/api/notes",
        params={"filters[external_id][$eq]": external_id, "locale": locale, "status": "draft"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["data"]


def test_create_writes_every_locale_with_its_text_and_the_cover(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    note = make_note(cover=write_cover(tmp_path))
    recorded = publish(target_for(strapi_server), note)

    assert [pub.locale for pub in recorded.calls] == LOCALES
    document_ids = {pub.target_id for pub in recorded.calls}
    file_ids = {pub.file_id for pub in recorded.calls}
    assert len(document_ids) == 1 and len(file_ids) == 1
    assert all(pub.published_hash == note.content_hash for pub in recorded.calls)
    assert all(pub.status == "published" for pub in recorded.calls)
    assert all(pub.cover_sha256 == note.cover.sha256 for pub in recorded.calls)
    (document_id,) = document_ids
    (file_id,) = file_ids
    for locale in LOCALES:
        entry = read_entry(strapi_server, document_id, locale)
        post = note.posts[locale]
        assert entry is not None, locale
        assert (entry["title"], entry["slug"], entry["body"]) == (post.title, post.slug, post.body)
        assert entry["external_id"] == note.note_id
        assert entry["publishedAt"] is not None
        cover = entry["cover"]
        assert cover is not None, f"{locale} lost its cover"
        assert str(cover["id"]) == file_id
        assert cover["mime"] == "image/png"
        assert cover["name"] == f"{note.posts['ru'].slug}--publisher-{note.cover.sha256}.png"
        assert cover["alternativeText"] == note.cover.alt
        assert cover["caption"] == "Photo by Ada Lovelace on Unsplash"


def test_update_rewrites_the_same_document_and_reuses_the_uploaded_cover(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    target = target_for(strapi_server)
    cover = write_cover(tmp_path)
    first = publish(target, make_note("upd-1", cover=cover, version="v1"))
    second = publish(target, make_note("upd-1", cover=cover, version="v2"), first.by_locale)

    assert [p.target_id for p in second.calls] == [p.target_id for p in first.calls]
    assert [p.file_id for p in second.calls] == [p.file_id for p in first.calls]
    for locale in LOCALES:
        entries = entries_for(strapi_server, "upd-1", locale)
        assert len(entries) == 1
        assert entries[0]["title"].endswith("(v2)")
        assert read_entry(strapi_server, entries[0]["documentId"], locale)["cover"] is not None


def test_rerun_without_stored_state_finds_the_document_instead_of_duplicating(
    strapi_server: StrapiServer,
) -> None:
    target = target_for(strapi_server)
    first = publish(target, make_note("rerun-1"))
    again = publish(target_for(strapi_server), make_note("rerun-1", version="v2"))

    assert {p.target_id for p in again.calls} == {p.target_id for p in first.calls}
    for locale in LOCALES:
        assert len(entries_for(strapi_server, "rerun-1", locale)) == 1


def test_changed_cover_is_uploaded_and_linked_on_every_locale(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    target = target_for(strapi_server)
    first = publish(target, make_note("cov-1", cover=write_cover(tmp_path, (200, 0, 0))))
    new_cover = write_cover(tmp_path, (0, 200, 0), fmt="JPEG")
    second = publish(target, make_note("cov-1", cover=new_cover), first.by_locale)

    new_file = second.calls[0].file_id
    assert new_file != first.calls[0].file_id
    for locale in LOCALES:
        cover = read_entry(strapi_server, second.calls[0].target_id, locale)["cover"]
        assert (str(cover["id"]), cover["mime"]) == (new_file, "image/jpeg")
    old_file = strapi_server.session().get(
        f"{strapi_server.url}/api/upload/files/{first.calls[0].file_id}", timeout=10
    )
    assert old_file.status_code == 404, "the earlier cover, linked by nothing, is deleted"


def test_second_locale_added_later_joins_the_same_document_with_the_cover(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    cover = write_cover(tmp_path)
    ru_only = publish(target_for(strapi_server, ["ru"]), make_note("later-1", cover=cover))
    assert [p.locale for p in ru_only.calls] == ["ru"]
    document_id = ru_only.calls[0].target_id
    assert read_entry(strapi_server, document_id, "en") is None

    both = publish(target_for(strapi_server), make_note("later-1", cover=cover), ru_only.by_locale)

    assert {p.target_id for p in both.calls} == {document_id}
    entry = read_entry(strapi_server, document_id, "en")
    assert entry["title"] == make_note("later-1").posts["en"].title
    assert str(entry["cover"]["id"]) == ru_only.calls[0].file_id
    assert len(entries_for(strapi_server, "later-1", "en")) == 1


def test_document_found_by_external_id_gets_its_missing_locale(strapi_server: StrapiServer) -> None:
    """Made in the CMS (or by a crashed run) in the primary locale only: completed, not copied."""
    session = strapi_server.session()
    made = session.post(
        f"{strapi_server.url}/api/notes",
        params={"locale": "ru"},
        json={"data": {"title": "Черновик", "external_id": "half-1"}},
        timeout=10,
    )
    made.raise_for_status()
    document_id = made.json()["data"]["documentId"]

    recorded = publish(target_for(strapi_server), make_note("half-1"))

    assert {p.target_id for p in recorded.calls} == {document_id}
    assert read_entry(strapi_server, document_id, "en")["external_id"] == "half-1"
    assert len(entries_for(strapi_server, "half-1", "ru")) == 1


def test_draft_mode_writes_drafts_that_are_not_published(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    target = target_for(strapi_server, draft=True)
    recorded = publish(target, make_note("draft-1", cover=write_cover(tmp_path)))

    assert {p.status for p in recorded.calls} == {"draft"}
    document_id = recorded.calls[0].target_id
    for locale in LOCALES:
        assert read_entry(strapi_server, document_id, locale) is None
        draft = read_entry(strapi_server, document_id, locale, status="draft")
        assert draft["publishedAt"] is None
        assert draft["cover"] is not None
    rerun = publish(target, make_note("draft-1", version="v2"), recorded.by_locale)
    assert {p.target_id for p in rerun.calls} == {document_id}
    # Without stored state the draft-only document must still be found, not duplicated.
    stateless = publish(target_for(strapi_server, draft=True), make_note("draft-1", version="v3"))
    assert {p.target_id for p in stateless.calls} == {document_id}
    for locale in LOCALES:
        assert len(entries_for(strapi_server, "draft-1", locale)) == 1


def test_document_deleted_in_the_cms_is_recreated(strapi_server: StrapiServer) -> None:
    target = target_for(strapi_server)
    first = publish(target, make_note("gone-1"))
    old_id = first.calls[0].target_id
    for locale in LOCALES:
        deleted = strapi_server.session().delete(
            f"{strapi_server.url}/api/notes/{old_id}", params={"locale": locale}, timeout=10
        )
        assert deleted.status_code in (200, 204)
    assert entries_for(strapi_server, "gone-1", "ru") == []

    second = publish(target, make_note("gone-1", version="v2"), first.by_locale)

    new_id = second.calls[0].target_id
    assert new_id != old_id
    assert {p.target_id for p in second.calls} == {new_id}
    for locale in LOCALES:
        assert read_entry(strapi_server, new_id, locale)["title"].endswith("(v2)")


def test_hotlinked_cover_is_not_uploaded_nor_linked(strapi_server: StrapiServer) -> None:
    hotlink = CoverImage(
        source="unsplash",
        locale="ru",
        url="https://images.example.invalid/photo.jpg",
        mime="image/jpeg",
        width=1200,
        height=800,
        alt="remote",
    )
    recorded = publish(target_for(strapi_server), make_note("hot-1", cover=hotlink))

    assert {p.file_id for p in recorded.calls} == {None}
    assert read_entry(strapi_server, recorded.calls[0].target_id, "en")["cover"] is None

"""Addresses and page fields in a real Strapi 5: the whole run (Runner) with the Strapi target.

Two notes whose posts come back with the same titles must become two documents with distinct
slugs in every locale; every entry carries a date, tags and a description in its own language.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from strapi_data import StrapiServer, strapi_settings

from doubles import FakeCovers, FakeEnricher, write_note
from publisher.config import Settings
from publisher.language import judge_language
from publisher.models import Enrichment, RawNote, Selection
from publisher.pipeline import Runner, Services
from publisher.source import load_notes
from publisher.state import StateStore
from publisher.targets.strapi import StrapiTarget

pytestmark = pytest.mark.strapi

DESCRIPTIONS = {
    "ru": "Как ошибка 502 после деплоя оказалась таймаутом keepalive и как я её исправил.",
    "en": "How a 502 error after a deploy turned out to be a keepalive timeout and how I fixed it.",
}


class SameTitleEnricher(FakeEnricher):
    """Every note gets the same titles (hence wanted slugs) and a description per language."""

    def __init__(self, titles: dict[str, str]) -> None:
        super().__init__()
        self.titles = titles

    def enrich(self, note: RawNote, selection: Selection) -> Enrichment:
        result = super().enrich(note, selection)
        posts = {
            locale: post.model_copy(
                update={
                    "title": self.titles[locale],
                    "slug": f"{self.titles['en'].lower().replace(' ', '-')}-{locale}",
                    "description": DESCRIPTIONS[locale],
                }
            )
            for locale, post in result.posts.items()
        }
        return result.model_copy(update={"posts": posts, "tags": ["nginx", "keepalive"]})


def entries(server: StrapiServer, locale: str, note_ids: list[str]) -> list[dict[str, Any]]:
    response = server.session().get(
        f"{server.url}/api/notes",
        params={"filters[external_id][$in]": note_ids, "locale": locale},
        timeout=10,
    )
    response.raise_for_status()
    rows: list[dict[str, Any]] = response.json()["data"]
    return rows


def test_same_title_notes_get_distinct_slugs_and_every_page_field(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    run_tag = uuid.uuid4().hex[:8]
    note_ids = [f"same-{run_tag}-{n}" for n in ("a", "b")]
    for note_id in note_ids:
        write_note(tmp_path / "notes", note_id)
    settings = Settings(
        notes_dir=tmp_path / "notes",
        state_dir=tmp_path / "state",
        site_dir=tmp_path / "site",
        target="strapi",
        strapi=strapi_settings(strapi_server.url, strapi_server.token).model_dump(),
    )
    services = Services(
        state=StateStore.in_dir(settings.state_dir),
        target=StrapiTarget(settings.strapi, settings.locales, settings.primary_locale),
        covers=FakeCovers(tmp_path / "covers"),
        enricher_factory=lambda: SameTitleEnricher(
            {"ru": f"Один заголовок {run_tag}", "en": f"One title {run_tag}"}
        ),
    )
    notes, problems = load_notes(settings.notes_dir, settings.max_note_bytes)
    report = Runner(settings, services).run(notes, problems)
    assert report.exit_code == 0, report.outcomes

    for locale in ("ru", "en"):
        found = entries(strapi_server, locale, note_ids)
        assert sorted(entry["external_id"] for entry in found) == note_ids
        slugs = {entry["slug"] for entry in found}
        assert len(slugs) == 2, f"{locale}: {slugs}"
        for entry in found:
            assert entry["date"].startswith("2026-10-01")  # the notes' own `created`
            assert entry["tags"] == ["nginx", "keepalive"]
            assert entry["project"] == "demo"
            assert entry["reading_time"] >= 1
            assert entry["description"] == DESCRIPTIONS[locale]
            assert judge_language(entry["description"])[0] == locale
    services.state.close()


def test_strapi_refuses_a_second_entry_with_the_same_slug_in_a_locale(
    strapi_server: StrapiServer,
) -> None:
    """The shipped content type's ``uid`` slug is unique per locale (published entries)."""
    slug = f"taken-{uuid.uuid4().hex[:8]}"
    session = strapi_server.session()

    def create(locale: str) -> int:
        response = session.post(
            f"{strapi_server.url}/api/notes",
            params={"locale": locale},
            json={"data": {"title": "T", "slug": slug, "external_id": uuid.uuid4().hex}},
            timeout=10,
        )
        return response.status_code

    assert create("ru") == 201
    assert create("en") == 201  # another locale may use it
    assert create("ru") == 400

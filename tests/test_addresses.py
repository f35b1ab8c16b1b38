"""Every post keeps its own address: unique per locale, stable across runs and title edits."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from doubles import FakeCovers, FakeEnricher
from fakes.canned import PROSE
from publisher.addresses import AddressBook, choose, suffixed
from publisher.cli import app
from publisher.config import Settings
from publisher.models import EnrichedNote, Enrichment, LocalizedPost, RawNote, Selection
from publisher.pipeline import Runner
from publisher.services import Services
from publisher.source import load_notes
from publisher.state import StateStore
from publisher.targets.files import FilesTarget
from static_sites import EXAMPLE_NOTES, examples_blog


def post(locale: str, slug: str) -> LocalizedPost:
    return LocalizedPost(locale=locale, title=slug, body="b", slug=slug, detected_language=locale)


def enriched(note_id: str, ru: str = "zagolovok", en: str = "title") -> EnrichedNote:
    return EnrichedNote(
        note_id=note_id,
        content_hash=f"h-{note_id}",
        source_path=f"{note_id}.md",
        primary_locale="ru",
        selection=Selection(total_lines=0, lines=[]),
        posts={"ru": post("ru", ru), "en": post("en", en)},
    )


def slugs(note: EnrichedNote) -> dict[str, str]:
    return {locale: p.slug for locale, p in note.posts.items()}


def test_suffix_is_derived_from_the_note_id_so_it_is_stable() -> None:
    assert suffixed("title", "note-b") == suffixed("title", "note-b")
    assert suffixed("title", "note-b") != suffixed("title", "note-c")
    assert suffixed("x" * 80, "n").startswith("x" * 73 + "-") and len(suffixed("x" * 80, "n")) == 80
    taken = {"title": "a", suffixed("title", "b"): "z"}
    assert choose("title", "b", taken.get) == suffixed("title", "b", 1)
    assert choose("title", "a", taken.get) == "title"


def test_the_second_note_asking_for_a_slug_gets_a_suffix_per_locale(tmp_path: Path) -> None:
    book = AddressBook(StateStore.in_dir(tmp_path))
    first = book.settle(enriched("a"))
    second = book.settle(enriched("b", en="other"))
    assert slugs(first) == {"ru": "zagolovok", "en": "title"}
    assert slugs(second) == {"ru": suffixed("zagolovok", "b"), "en": "other"}


def test_an_address_survives_a_title_edit_until_released(tmp_path: Path) -> None:
    book = AddressBook(StateStore.in_dir(tmp_path))
    book.settle(enriched("a"))
    edited = book.settle(enriched("a", ru="novyi-zagolovok", en="new-title"))
    assert slugs(edited) == {"ru": "zagolovok", "en": "title"}
    book.release("a")
    assert slugs(book.settle(enriched("a", ru="novyi-zagolovok", en="new-title"))) == {
        "ru": "novyi-zagolovok",
        "en": "new-title",
    }
    assert book.settle(enriched("b")).posts["ru"].slug == "zagolovok"  # freed for others


class SameTitleEnricher(FakeEnricher):
    """Every note comes back with the same titles, hence the same slugs."""

    def enrich(self, note: RawNote, selection: Selection) -> Enrichment:
        result = super().enrich(note, selection)
        posts = {
            loc: p.model_copy(update={"title": "Один заголовок", "slug": f"same-{loc}"})
            for loc, p in result.posts.items()
        }
        return result.model_copy(update={"posts": posts})


def run(settings: Settings, enricher: FakeEnricher, covers: FakeCovers) -> None:
    services = Services(
        state=StateStore.in_dir(settings.state_dir),
        target=FilesTarget(settings.site_dir, settings.locales),
        covers=covers,
        enricher_factory=lambda: enricher,
    )
    notes, problems = load_notes(settings.notes_dir, settings.max_note_bytes)
    report = Runner(settings, services).run(notes, problems)
    services.state.close()
    assert report.exit_code == 0, report.outcomes


def pages(site: Path, locale: str) -> dict[str, dict[str, object]]:
    return {
        page.parent.name: yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
        for page in (site / locale).glob("*/index.md")
    }


def test_notes_with_the_same_title_get_distinct_agreeing_addresses_in_every_locale(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers
) -> None:
    settings = make_settings()
    run(settings, SameTitleEnricher(), fake_covers)
    for locale in ("ru", "en"):
        found = pages(settings.site_dir, locale)
        assert len(found) == 3
        assert all(front["slug"] == folder for folder, front in found.items())
        assert sorted(str(front["external_id"]) for front in found.values()) == [
            "alpha",
            "beta",
            "gamma",
        ]
        assert f"same-{locale}" in found
        for folder in found:
            assert (settings.site_dir / locale / folder / "cover.png").is_file()


def test_a_post_keeps_its_folder_when_the_note_is_edited_and_retitled(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers, notes_dir: Path
) -> None:
    settings = make_settings()
    run(settings, FakeEnricher(), fake_covers)
    before = sorted(p.relative_to(settings.site_dir) for p in settings.site_dir.rglob("index.md"))
    path = notes_dir / "beta.md"
    path.write_text(path.read_text() + "Ещё строка.\n", encoding="utf-8")
    run(settings, SameTitleEnricher(), fake_covers)  # beta is re-enriched with a new title
    after = sorted(p.relative_to(settings.site_dir) for p in settings.site_dir.rglob("index.md"))
    assert after == before
    assert pages(settings.site_dir, "ru")["zametka-beta"]["title"] == "Один заголовок"


def test_a_folder_someone_else_holds_moves_the_post_to_a_new_address(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers
) -> None:
    settings = make_settings()
    hand_made = settings.site_dir / "ru/zametka-alpha/index.md"
    hand_made.parent.mkdir(parents=True)
    hand_made.write_text("---\nexternal_id: written-by-hand\n---\n\nMine.\n")
    run(settings, FakeEnricher(), fake_covers)
    assert "Mine." in hand_made.read_text()
    moved = pages(settings.site_dir, "ru")[suffixed("zametka-alpha", "alpha")]
    assert moved["external_id"] == "alpha" and moved["slug"] == suffixed("zametka-alpha", "alpha")
    book = AddressBook(StateStore.in_dir(settings.state_dir))
    assert book.slugs("alpha") == {"ru": suffixed("zametka-alpha", "alpha"), "en": "note-alpha"}


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shutil.copytree(EXAMPLE_NOTES, tmp_path / "notes")
    site = tmp_path / "site"
    with examples_blog(tmp_path / "notes", site, tmp_path / "state", monkeypatch):
        yield site


def folders(site: Path, note_id: str) -> dict[str, str]:
    return {
        page.parent.parent.name: page.parent.name
        for page in site.glob("*/*/index.md")
        if f"external_id: {note_id}\n" in page.read_text(encoding="utf-8")
    }


def test_publish_new_slug_moves_a_retitled_post_and_plain_publish_does_not(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = CliRunner()
    assert cli.invoke(app, ["run"]).exit_code == 0
    before = folders(blog, "pytest-flaky-tmpdir")
    retitled = {
        loc: ("Совсем другой заголовок" if loc == "ru" else "A different title", *rest)
        for loc, (_, *rest) in PROSE.items()
    }
    monkeypatch.setattr("fakes.canned.PROSE", retitled)

    kept = cli.invoke(app, ["publish", "pytest-flaky-tmpdir", "--re-enrich"])
    assert kept.exit_code == 0, kept.output
    assert folders(blog, "pytest-flaky-tmpdir") == before
    moved = cli.invoke(app, ["publish", "pytest-flaky-tmpdir", "--new-slug"])
    assert moved.exit_code == 0, moved.output
    assert folders(blog, "pytest-flaky-tmpdir") == {
        "ru": "sovsem-drugoi-zagolovok",
        "en": "a-different-title",
    }
    assert not any((blog / locale / folder).exists() for locale, folder in before.items())

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from publisher.errors import AddressTaken, NoteError
from publisher.models import Attribution, CoverImage, EnrichedNote, LocalizedPost, Publication
from publisher.targets.files import FilesTarget


def make_note(
    tmp_path: Path,
    note_id: str = "n1",
    ru_slug: str = "zametka",
    *,
    cover: bool = True,
    content_hash: str = "h1",
) -> EnrichedNote:
    cover_image = None
    if cover:
        from PIL import Image

        path = tmp_path / f"{note_id}-cover.jpg"
        Image.new("RGB", (40, 21), (200, 10, 10)).save(path, "JPEG")
        cover_image = CoverImage(
            source="unsplash",
            locale="ru",
            file=path,
            mime="image/jpeg",
            width=40,
            height=21,
            alt="Photo by Ann on Unsplash",
            caption="Photo by Ann on Unsplash",
            attribution=Attribution(
                photographer="Ann",
                photographer_url="https://unsplash.com/@ann?utm_source=p",
                photo_url="https://unsplash.com/photos/x",
                source_url="https://unsplash.com/?u=1",
            ),
        )
    posts = {
        "ru": LocalizedPost(
            locale="ru",
            title="Заметка: 502",
            description="Описание заметки одним предложением.",
            body="Текст <b>поста</b>.",
            slug=ru_slug,
            detected_language="ru",
        ),
        "en": LocalizedPost(
            locale="en", title="Note: 502", body="Post text.", slug="note", detected_language="en"
        ),
    }
    return EnrichedNote(
        note_id=note_id,
        content_hash=content_hash,
        source_path="n.md",
        created="2026-10-14",
        tags=["nginx"],
        primary_locale="ru",
        selection={"total_lines": 0, "lines": []},
        posts=posts,
        cover=cover_image,
    )


def read_front(path: Path) -> dict[str, object]:
    _, header, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(header)


def test_writes_each_locale_as_a_page_bundle_with_front_matter_and_cover(tmp_path: Path) -> None:
    target = FilesTarget(tmp_path / "site", ["ru", "en"])
    recorded: list[Publication] = []
    target.publish(make_note(tmp_path), {}, recorded.append)
    front = read_front(tmp_path / "site/ru/zametka/index.md")
    assert front["title"] == "Заметка: 502"
    assert front["slug"] == "zametka" and front["lang"] == "ru"
    assert front["date"] == "2026-10-14T00:00:00Z"
    assert front["description"] == "Описание заметки одним предложением."
    assert front["tags"] == ["nginx"] and front["reading_time"] == 1
    assert front["cover"]["image"] == "cover.jpg"
    assert front["cover"]["attribution"]["photographer"] == "Ann"
    assert (tmp_path / "site/ru/zametka/cover.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert (tmp_path / "site/en/note/cover.jpg").is_file()
    assert [(p.locale, p.target_id) for p in recorded] == [
        ("ru", "ru/zametka/index.md"),
        ("en", "en/note/index.md"),
    ]
    assert all(p.published_hash == "h1" for p in recorded)


def test_cover_alt_is_in_each_locales_language(tmp_path: Path) -> None:
    FilesTarget(tmp_path / "site", ["ru", "en"]).publish(make_note(tmp_path), {}, print)
    ru = read_front(tmp_path / "site/ru/zametka/index.md")["cover"]
    en = read_front(tmp_path / "site/en/note/index.md")["cover"]
    assert ru["alt"] == "Заметка: 502"  # the Unsplash description is English
    assert en["alt"] == "Photo by Ann on Unsplash"


def test_a_folder_holding_another_notes_post_is_not_overwritten(tmp_path: Path) -> None:
    target = FilesTarget(tmp_path / "site", ["ru", "en"])
    target.publish(make_note(tmp_path, "first"), {}, lambda p: None)
    with pytest.raises(AddressTaken, match=r"the ru address 'zametka' is taken"):
        target.publish(make_note(tmp_path, "second"), {}, lambda p: None)
    assert read_front(tmp_path / "site/ru/zametka/index.md")["external_id"] == "first"


def test_changed_slug_replaces_the_old_bundle(tmp_path: Path) -> None:
    target = FilesTarget(tmp_path / "site", ["ru", "en"])
    first: dict[str, Publication] = {}
    target.publish(make_note(tmp_path), {}, lambda p: first.__setitem__(p.locale, p))
    target.publish(
        make_note(tmp_path, ru_slug="novyj-slug", content_hash="h2"), first, lambda p: None
    )
    assert sorted(p.name for p in (tmp_path / "site/ru").iterdir()) == ["novyj-slug"]
    assert sorted(p.name for p in (tmp_path / "site/ru/novyj-slug").iterdir()) == [
        "cover.jpg",
        "index.md",
    ]


def test_a_post_in_the_old_flat_layout_moves_into_its_bundle(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "ru").mkdir(parents=True)
    (site / "ru/zametka.md").write_text("---\nexternal_id: n1\n---\n\nold\n")
    (site / "ru/zametka.jpg").write_bytes(b"old")
    (site / "ru/other.md").write_text("not ours")
    old = {
        "ru": Publication(
            note_id="n1",
            locale="ru",
            target="files",
            target_id="ru/zametka.md",
            published_hash="h0",
        )
    }
    FilesTarget(site, ["ru", "en"]).publish(make_note(tmp_path), old, lambda p: None)
    assert sorted(p.name for p in (site / "ru").iterdir()) == ["other.md", "zametka"]


def test_hotlinked_cover_is_referenced_by_url(tmp_path: Path) -> None:
    note = make_note(tmp_path)
    assert note.cover is not None
    note.cover.file = None
    note.cover.url = "https://images.unsplash.com/photo-1?w=1200&h=630&fit=crop"
    FilesTarget(tmp_path / "site", ["ru", "en"]).publish(note, {}, lambda p: None)
    assert read_front(tmp_path / "site/en/note/index.md")["cover"]["image"] == note.cover.url
    assert not list((tmp_path / "site/en/note").glob("cover.*"))


def test_missing_cover_file_fails_the_note(tmp_path: Path) -> None:
    note = make_note(tmp_path)
    assert note.cover is not None and note.cover.file is not None
    note.cover.file.unlink()
    with pytest.raises(NoteError, match=r"cover file .* is missing"):
        FilesTarget(tmp_path / "site", ["ru", "en"]).publish(note, {}, lambda p: None)

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from publisher.errors import NoteError
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


def test_writes_each_locale_with_front_matter_and_cover(tmp_path: Path) -> None:
    target = FilesTarget(tmp_path / "site", ["ru", "en"])
    recorded: list[Publication] = []
    target.publish(make_note(tmp_path), {}, recorded.append)
    ru = tmp_path / "site/ru/zametka.md"
    front = read_front(ru)
    assert front["title"] == "Заметка: 502"
    assert front["date"] == "2026-10-14"
    assert front["tags"] == ["nginx"]
    assert front["cover"]["image"] == "zametka.jpg"
    assert front["cover"]["attribution"]["photographer"] == "Ann"
    assert (tmp_path / "site/ru/zametka.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert (tmp_path / "site/en/note.jpg").is_file()
    assert [(p.locale, p.target_id) for p in recorded] == [
        ("ru", "ru/zametka.md"),
        ("en", "en/note.md"),
    ]
    assert all(p.published_hash == "h1" for p in recorded)


def test_slug_taken_by_another_note_is_not_overwritten(tmp_path: Path) -> None:
    target = FilesTarget(tmp_path / "site", ["ru", "en"])
    target.publish(make_note(tmp_path, "first"), {}, lambda p: None)
    recorded: list[Publication] = []
    target.publish(make_note(tmp_path, "second"), {}, recorded.append)
    assert read_front(tmp_path / "site/ru/zametka.md")["external_id"] == "first"
    assert read_front(tmp_path / "site/ru/zametka-second.md")["external_id"] == "second"
    assert recorded[0].target_id == "ru/zametka-second.md"


def test_changed_slug_replaces_the_old_file(tmp_path: Path) -> None:
    target = FilesTarget(tmp_path / "site", ["ru", "en"])
    first: dict[str, Publication] = {}
    target.publish(make_note(tmp_path), {}, lambda p: first.__setitem__(p.locale, p))
    target.publish(
        make_note(tmp_path, ru_slug="novyj-slug", content_hash="h2"), first, lambda p: None
    )
    ru_files = sorted(p.name for p in (tmp_path / "site/ru").iterdir())
    assert ru_files == ["novyj-slug.jpg", "novyj-slug.md"]


def test_hotlinked_cover_is_referenced_by_url(tmp_path: Path) -> None:
    note = make_note(tmp_path)
    assert note.cover is not None
    note.cover.file = None
    note.cover.url = "https://images.unsplash.com/photo-1?w=1200&h=630&fit=crop"
    FilesTarget(tmp_path / "site", ["ru", "en"]).publish(note, {}, lambda p: None)
    assert read_front(tmp_path / "site/en/note.md")["cover"]["image"] == note.cover.url
    assert not list((tmp_path / "site/en").glob("*.jpg"))


def test_missing_cover_file_fails_the_note(tmp_path: Path) -> None:
    note = make_note(tmp_path)
    assert note.cover is not None and note.cover.file is not None
    note.cover.file.unlink()
    with pytest.raises(NoteError, match=r"cover file .* is missing"):
        FilesTarget(tmp_path / "site", ["ru", "en"]).publish(note, {}, lambda p: None)


def test_parallel_notes_with_the_same_slug_get_distinct_files(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    target = FilesTarget(tmp_path / "site", ["ru", "en"])
    notes = [make_note(tmp_path, f"n{i}") for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda note: target.publish(note, {}, lambda p: None), notes))
    owners = [read_front(p)["external_id"] for p in (tmp_path / "site/ru").glob("*.md")]
    assert sorted(owners) == sorted(f"n{i}" for i in range(8))

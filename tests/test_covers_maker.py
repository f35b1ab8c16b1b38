"""CoverMaker without Unsplash: a drawn cover, read back from disk, bound to the primary locale."""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from PIL import Image

import publisher.covers.maker as covers_module
from publisher.config import Settings
from publisher.covers.maker import CoverMaker
from publisher.imagefile import inspect_image

TITLE = "Почему сборка падала только по пятницам"


class NoNetwork(requests.Session):
    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        raise AssertionError(f"unexpected request to {request.url}")


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the drawings, still drawing for real."""
    calls: list[str] = []
    real = covers_module.render_cover

    def counting(title: str, note_id: str) -> bytes:
        calls.append(note_id)
        return real(title, note_id)

    monkeypatch.setattr(covers_module, "render_cover", counting)
    return calls


def make(settings: Settings, folder: Path, **kwargs: object) -> CoverMaker:
    return CoverMaker(settings, folder, session=NoNetwork(), **kwargs)  # type: ignore[arg-type]


def cover_of(maker: CoverMaker, title: str = TITLE, content_hash: str = "c0ffee", **kwargs: str):
    args = {"note_id": "friday-builds", "content_hash": content_hash, "title": title}
    args |= {"image_query": "build server", "locale": "ru", **kwargs}
    return maker.cover_for(**args)


def test_without_a_key_the_cover_is_drawn_and_read_back_from_disk(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    cover, warnings = cover_of(make(make_settings(), tmp_path / "covers"))
    assert warnings == []
    assert cover.source == "generated" and cover.url is None and cover.attribution is None
    assert cover.file is not None and cover.file.parent == tmp_path / "covers"
    data = cover.file.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "RGB")
    assert inspect_image(data, max_bytes=10**7).mime == cover.mime == "image/png"
    assert (cover.width, cover.height, cover.size_bytes) == (1200, 630, len(data))
    assert cover.sha256 == hashlib.sha256(data).hexdigest()
    assert cover.alt == TITLE


def test_the_cover_is_bound_to_the_locale_it_was_made_for(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings(primary_locale="en")
    maker = make(settings, tmp_path / "covers")
    english, _ = cover_of(maker, title="Why builds failed on Fridays", locale="en")
    russian, _ = cover_of(maker, locale="ru")
    assert (english.locale, russian.locale) == ("en", "ru")
    assert english.file != russian.file


def test_offline_with_a_key_draws_and_never_touches_the_network(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings(unsplash={"access_key": "secret-key"})
    cover, warnings = cover_of(make(settings, tmp_path / "covers", offline=True))
    assert (cover.source, warnings) == ("generated", [])
    assert not (tmp_path / "covers" / "unsplash-budget.json").exists()


def test_a_rerun_finds_the_cover_in_the_cache_without_redrawing(
    make_settings: Callable[..., Settings], tmp_path: Path, draws: list[str]
) -> None:
    first, _ = cover_of(make(make_settings(), tmp_path / "covers"))
    again, warnings = cover_of(make(make_settings(), tmp_path / "covers"))
    assert again == first and warnings == []
    assert draws == ["friday-builds"]


def test_new_content_or_a_new_title_is_drawn_again(
    make_settings: Callable[..., Settings], tmp_path: Path, draws: list[str]
) -> None:
    maker = make(make_settings(), tmp_path / "covers")
    first, _ = cover_of(maker)
    edited, _ = cover_of(maker, content_hash="beef")
    retitled, _ = cover_of(maker, title="Пятничные сборки")
    assert len(draws) == 3
    assert edited.file != first.file
    assert retitled.file == first.file and retitled.sha256 != first.sha256


def test_a_deleted_or_damaged_cover_file_is_drawn_again(
    make_settings: Callable[..., Settings], tmp_path: Path, draws: list[str]
) -> None:
    maker = make(make_settings(), tmp_path / "covers")
    first, _ = cover_of(maker)
    assert first.file is not None
    first.file.write_bytes(b"not the cover any more")
    repaired, _ = cover_of(maker)
    assert repaired == first and repaired.file is not None
    assert hashlib.sha256(repaired.file.read_bytes()).hexdigest() == first.sha256
    repaired.file.unlink()
    restored, _ = cover_of(maker)
    assert restored == first and len(draws) == 3


def test_a_moved_cache_folder_still_serves_its_covers(
    make_settings: Callable[..., Settings], tmp_path: Path, draws: list[str]
) -> None:
    cover_of(make(make_settings(), tmp_path / "covers"))
    shutil.move(tmp_path / "covers", tmp_path / "moved")
    cover, _ = cover_of(make(make_settings(), tmp_path / "moved"))
    assert cover.file is not None and cover.file.parent == tmp_path / "moved"
    assert cover.file.is_file() and draws == ["friday-builds"]

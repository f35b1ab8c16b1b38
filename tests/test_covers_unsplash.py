"""Unsplash through `responses`: search, download tracking, credit, and every way it can fail."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from PIL import Image
from responses import matchers

from publisher.config import Settings
from publisher.covers.budget import HourlyBudget
from publisher.covers.maker import CoverMaker
from publisher.models import CoverImage

KEY = "test-access-key"
SEARCH = "https://api.unsplash.com/search/photos"
RAW = "https://images.unsplash.com/photo-123?ixid=M3wxMjA&ixlib=rb-4.0.3"
TRACK = "https://api.unsplash.com/photos/abc/download?ixid=M3wxMjA"
IMAGE = RAW.split("?")[0]
AUTH = {"Authorization": f"Client-ID {KEY}", "Accept-Version": "v1"}


def photo(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "abc",
        "alt_description": "a rack of servers in a dark room",
        "urls": {"raw": RAW, "regular": RAW + "&w=1080"},
        "links": {"html": "https://unsplash.com/photos/abc", "download_location": TRACK},
        "user": {"name": "Jane Doe", "links": {"html": "https://unsplash.com/@janedoe"}},
    }
    data.update(changes)
    return data


def jpeg(size: tuple[int, int] = (120, 63)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def settings_for(make_settings: Callable[..., Settings]) -> Callable[..., Settings]:
    def build(**unsplash: Any) -> Settings:
        return make_settings(
            unsplash={"access_key": KEY, "app_name": "notes_blog", "timeout": 3, **unsplash}
        )

    return build


def cover_of(maker: CoverMaker, note_id: str = "n1", query: str = "server rack"):
    return maker.cover_for(
        note_id=note_id,
        content_hash=f"hash-{note_id}",
        title="Серверная стойка",
        image_query=query,
        locale="ru",
    )


def add_search(mock: responses.RequestsMock, results: list[dict[str, Any]] | None = None) -> None:
    mock.get(SEARCH, json={"total": 1, "results": [photo()] if results is None else results})


def calls_to(mock: responses.RequestsMock, prefix: str) -> list[Any]:
    return [call for call in mock.calls if call.request.url.startswith(prefix)]


def assert_drawn(cover: CoverImage, warnings: list[str], *words: str) -> None:
    assert cover.source == "generated" and cover.file is not None
    with Image.open(cover.file) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert len(warnings) == 1 and warnings[0].startswith("cover: ")
    for word in words:
        assert word in warnings[0]
    assert KEY not in warnings[0]


def test_search_asks_for_safe_landscape_photos_with_client_id(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    params = {
        "query": "server rack",
        "orientation": "landscape",
        "content_filter": "high",
        "per_page": "5",
    }
    mocked.get(
        SEARCH,
        json={"results": [photo()]},
        match=[matchers.query_param_matcher(params), matchers.header_matcher(AUTH)],
    )
    mocked.get(TRACK, json={"url": RAW}, match=[matchers.header_matcher(AUTH)])
    cover, warnings = cover_of(CoverMaker(settings_for(mode="hotlink"), tmp_path))
    assert (cover.source, warnings) == ("unsplash", [])
    assert all(call.request.req_kwargs["timeout"] == 3 for call in mocked.calls)


def test_hotlink_stores_the_sized_raw_url_and_tracks_the_download_once(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    add_search(mocked)
    mocked.get(TRACK, json={"url": RAW})
    cover, _ = cover_of(CoverMaker(settings_for(mode="hotlink"), tmp_path))
    assert cover.file is None and cover.url is not None
    url = urlsplit(cover.url)
    assert url.netloc == "images.unsplash.com" and url.path == "/photo-123"
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert query == {
        "ixid": "M3wxMjA",
        "ixlib": "rb-4.0.3",
        "w": "1200",
        "h": "630",
        "fit": "crop",
        "fm": "jpg",
        "q": "80",
    }
    assert (cover.mime, cover.width, cover.height, cover.locale) == ("image/jpeg", 1200, 630, "ru")
    assert len(calls_to(mocked, TRACK)) == 1
    assert calls_to(mocked, "https://images.unsplash.com") == []


def test_attribution_links_carry_the_app_name_and_are_the_caption_and_alt(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    add_search(mocked)
    mocked.get(TRACK, json={})
    cover, _ = cover_of(CoverMaker(settings_for(mode="hotlink"), tmp_path))
    credit = cover.attribution
    assert credit is not None and credit.photographer == "Jane Doe"
    utm = "utm_source=notes_blog&utm_medium=referral"
    assert credit.photographer_url == f"https://unsplash.com/@janedoe?{utm}"
    assert credit.photo_url == f"https://unsplash.com/photos/abc?{utm}"
    assert credit.source_url == f"https://unsplash.com/?{utm}"
    assert cover.caption == "Photo by Jane Doe on Unsplash"
    assert cover.alt == "A rack of servers in a dark room. Photo by Jane Doe on Unsplash"


def test_upload_downloads_the_sized_image_and_reads_its_type_from_the_bytes(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    add_search(mocked)
    mocked.get(TRACK, json={})
    body = jpeg()
    mocked.get(IMAGE, body=body, content_type="application/octet-stream")
    cover, warnings = cover_of(CoverMaker(settings_for(mode="upload"), tmp_path))
    assert (cover.source, warnings) == ("unsplash", [])
    assert cover.url is None and cover.file is not None and cover.file.read_bytes() == body
    assert (cover.mime, cover.width, cover.height, cover.size_bytes) == (
        "image/jpeg",
        120,
        63,
        len(body),
    )
    assert cover.file.suffix == ".jpg" and cover.attribution is not None
    [download] = calls_to(mocked, "https://images.unsplash.com")
    assert "w=1200" in download.request.url and "fit=crop" in download.request.url
    assert "Authorization" not in download.request.headers, "the key goes to the API only"
    assert len(calls_to(mocked, TRACK)) == 1


@pytest.mark.parametrize("mode", ["hotlink", "upload"])
def test_a_rerun_neither_searches_downloads_nor_tracks_again(
    mode: str,
    mocked: responses.RequestsMock,
    settings_for: Callable[..., Settings],
    tmp_path: Path,
) -> None:
    add_search(mocked)
    mocked.get(TRACK, json={})
    mocked.get(IMAGE, body=jpeg())
    first, _ = cover_of(CoverMaker(settings_for(mode=mode), tmp_path))
    made = len(mocked.calls)
    again, warnings = cover_of(CoverMaker(settings_for(mode=mode), tmp_path))
    assert again == first and warnings == [] and again.source == "unsplash"
    assert len(mocked.calls) == made
    assert len(calls_to(mocked, TRACK)) == 1


def fail_search_with(mock: responses.RequestsMock, status: int, body: str = "{}") -> None:
    mock.get(SEARCH, status=status, body=body)


@pytest.mark.parametrize(
    ("arrange", "words"),
    [
        (lambda m: fail_search_with(m, 401), ["401"]),
        (lambda m: fail_search_with(m, 403, "Forbidden"), ["403"]),
        (lambda m: fail_search_with(m, 403, "Rate Limit Exceeded"), ["rate limit", "403"]),
        (lambda m: fail_search_with(m, 429), ["rate limit", "429"]),
        (lambda m: fail_search_with(m, 500), ["500"]),
        (lambda m: fail_search_with(m, 503), ["503"]),
        (lambda m: m.get(SEARCH, body=requests.ReadTimeout()), ["timed out after 3s"]),
        (lambda m: m.get(SEARCH, body=requests.ConnectTimeout()), ["timed out"]),
        (lambda m: m.get(SEARCH, body=requests.ConnectionError()), ["could not connect"]),
        (lambda m: add_search(m, []), ["no photo"]),
        (lambda m: m.get(SEARCH, body="<html>oops</html>"), ["unexpected"]),
        (lambda m: m.get(SEARCH, json={"results": [{"id": "x"}]}), ["unexpected"]),
    ],
    ids=[
        "401",
        "403",
        "403-rate-limit",
        "429",
        "500",
        "503",
        "read-timeout",
        "connect-timeout",
        "connection-error",
        "zero-results",
        "not-json",
        "bad-shape",
    ],
)
def test_a_failed_search_gives_a_drawn_cover_and_a_warning_and_no_tracking(
    arrange: Callable[[responses.RequestsMock], None],
    words: list[str],
    mocked: responses.RequestsMock,
    settings_for: Callable[..., Settings],
    tmp_path: Path,
) -> None:
    arrange(mocked)
    mocked.get(TRACK, json={})
    cover, warnings = cover_of(CoverMaker(settings_for(mode="upload"), tmp_path))
    assert_drawn(cover, warnings, *words)
    assert calls_to(mocked, TRACK) == []


@pytest.mark.parametrize(
    ("arrange", "words"),
    [
        (lambda m: m.get(IMAGE, body=b"<html>not found</html>"), ["rejected", "not an image"]),
        (lambda m: m.get(IMAGE, body=jpeg((300, 200))[:700]), ["rejected"]),
        (lambda m: m.get(IMAGE, body=jpeg((1200, 630))), ["cap"]),
        (
            lambda m: m.get(IMAGE, body=b"x" * 20_000, headers={"Content-Length": "99999999"}),
            ["cap"],
        ),
        (lambda m: m.get(IMAGE, status=404), ["404"]),
        (lambda m: m.get(IMAGE, body=requests.ReadTimeout()), ["timed out"]),
    ],
    ids=["html-body", "truncated", "oversized", "oversized-declared", "404", "timeout"],
)
def test_a_bad_image_download_gives_a_drawn_cover_and_no_tracking(
    arrange: Callable[[responses.RequestsMock], None],
    words: list[str],
    mocked: responses.RequestsMock,
    settings_for: Callable[..., Settings],
    tmp_path: Path,
) -> None:
    add_search(mocked)
    mocked.get(TRACK, json={})
    arrange(mocked)
    cover, warnings = cover_of(CoverMaker(settings_for(mode="upload", max_bytes=10_000), tmp_path))
    assert_drawn(cover, warnings, *words)
    assert calls_to(mocked, TRACK) == []


def test_a_failed_download_tracking_means_the_photo_is_not_used(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    add_search(mocked)
    mocked.get(TRACK, status=500)
    cover, warnings = cover_of(CoverMaker(settings_for(mode="hotlink"), tmp_path))
    assert_drawn(cover, warnings, "500")


def test_a_photo_whose_links_leave_unsplash_is_skipped_and_gets_no_key(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    evil = photo(
        links={
            "html": "https://unsplash.com/photos/x",
            "download_location": "https://evil.example/t",
        }
    )
    odd_cdn = photo(urls={"raw": "http://images.unsplash.com/photo-1"})
    add_search(mocked, [evil, odd_cdn, photo()])
    mocked.get(TRACK, json={})
    cover, warnings = cover_of(CoverMaker(settings_for(mode="hotlink"), tmp_path))
    assert (cover.source, warnings) == ("unsplash", [])
    search, track = (call.request.url for call in mocked.calls)
    assert search.startswith(SEARCH) and track == TRACK


def test_after_a_refused_key_no_other_note_asks_unsplash_in_this_run(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    fail_search_with(mocked, 401)
    maker = CoverMaker(settings_for(), tmp_path)
    cover_of(maker, "n1")
    cover, warnings = cover_of(maker, "n2")
    assert_drawn(cover, warnings, "401")
    assert len(mocked.calls) == 1


def test_a_rate_limited_key_is_left_alone_for_the_hour_even_by_the_next_run(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    fail_search_with(mocked, 429)
    cover_of(CoverMaker(settings_for(), tmp_path), "n1")
    cover, warnings = cover_of(CoverMaker(settings_for(), tmp_path), "n2")
    assert_drawn(cover, warnings, "budget")
    assert len(mocked.calls) == 1


def test_the_hourly_budget_is_counted_across_runs(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    add_search(mocked)
    mocked.get(TRACK, json={})
    first, _ = cover_of(CoverMaker(settings_for(mode="hotlink", hourly_limit=3), tmp_path), "n1")
    assert first.source == "unsplash" and len(mocked.calls) == 2
    cover, warnings = cover_of(
        CoverMaker(settings_for(mode="hotlink", hourly_limit=3), tmp_path), "n2"
    )
    assert_drawn(cover, warnings, "budget of 3 requests")
    assert len(mocked.calls) == 2
    stored = json.loads((tmp_path / "unsplash-budget.json").read_text())
    assert len(stored["requests"]) == 2


def test_the_servers_remaining_count_is_honoured(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    mocked.get(SEARCH, json={"results": [photo()]}, headers={"X-Ratelimit-Remaining": "1"})
    mocked.get(TRACK, json={}, headers={"X-Ratelimit-Remaining": "0"})
    maker = CoverMaker(settings_for(mode="hotlink"), tmp_path)
    assert cover_of(maker, "n1")[0].source == "unsplash"
    cover, warnings = cover_of(maker, "n2")
    assert_drawn(cover, warnings, "budget")
    assert len(mocked.calls) == 2
    assert HourlyBudget(tmp_path / "unsplash-budget.json", 50).used() == 50


def test_zero_results_and_failures_count_only_the_requests_made(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    mocked.get(SEARCH, json={"results": []})
    maker = CoverMaker(settings_for(), tmp_path)
    cover_of(maker, "n1")
    cover_of(maker, "n2")
    assert HourlyBudget(tmp_path / "unsplash-budget.json", 50).used() == 2


def test_no_image_query_means_no_request(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    cover, warnings = cover_of(CoverMaker(settings_for(), tmp_path), query="  ")
    assert_drawn(cover, warnings, "no image query")
    assert len(mocked.calls) == 0


def test_a_lost_photo_file_is_fetched_again_without_a_search_or_tracking(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    add_search(mocked)
    mocked.get(TRACK, json={})
    mocked.get(IMAGE, body=jpeg())
    first, _ = cover_of(CoverMaker(settings_for(mode="upload"), tmp_path))
    assert first.file is not None
    first.file.unlink()
    again, warnings = cover_of(CoverMaker(settings_for(mode="upload"), tmp_path))
    assert again == first and warnings == [] and first.file.read_bytes() == jpeg()
    assert len(calls_to(mocked, IMAGE)) == 2
    assert len(calls_to(mocked, SEARCH)) == 1 and len(calls_to(mocked, TRACK)) == 1


def test_an_unusable_budget_file_means_no_request_and_a_warning(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    (tmp_path / "unsplash-budget.json").mkdir()  # cannot be replaced by a file
    cover, warnings = cover_of(CoverMaker(settings_for(), tmp_path))
    assert_drawn(cover, warnings, "cannot be counted")
    assert len(mocked.calls) == 0


def test_a_blank_key_is_no_key(
    mocked: responses.RequestsMock, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    cover, warnings = cover_of(CoverMaker(settings_for(access_key="  "), tmp_path))
    assert (cover.source, warnings, len(mocked.calls)) == ("generated", [], 0)

"""The Unsplash API, used the way its guidelines ask.

Search with ``Client-ID`` auth, trigger ``download_location`` for the photo actually used,
keep the photographer's credit with UTM parameters, and count every API request against the
hourly budget. Every failure becomes :class:`UnsplashUnavailable`: a missing photo is never a
reason to fail a note, the cover maker draws one instead.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from pydantic import BaseModel, ValidationError

from publisher.config import UnsplashSettings
from publisher.covers.budget import HourlyBudget
from publisher.deadline import within
from publisher.http_status import Failure, failure_of
from publisher.models import Attribution

API_ROOT = "https://api.unsplash.com"
SIZE_PARAMS = {"w": "1200", "h": "630", "fit": "crop", "fm": "jpg", "q": "80"}
SIZED_MIME = "image/jpeg"  # what fm=jpg asks the image CDN for
PER_PAGE = 5
CHUNK = 64 * 1024


class UnsplashUnavailable(Exception):
    """No photo this time; ``for_the_run`` when asking again in this run is pointless."""

    def __init__(self, reason: str, *, for_the_run: bool = False) -> None:
        super().__init__(reason)
        self.for_the_run = for_the_run


class PhotoUrls(BaseModel):
    raw: str


class PhotoLinks(BaseModel):
    html: str
    download_location: str


class UserLinks(BaseModel):
    html: str


class Photographer(BaseModel):
    name: str
    links: UserLinks


class Photo(BaseModel):
    id: str
    alt_description: str | None = None
    urls: PhotoUrls
    links: PhotoLinks
    user: Photographer


class SearchPage(BaseModel):
    results: list[Photo]


def _with_params(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def with_utm(url: str, app_name: str) -> str:
    """A link back to Unsplash as its guidelines want it: tagged with our app's name."""
    return _with_params(url, {"utm_source": app_name, "utm_medium": "referral"})


def sized_url(raw: str) -> str:
    """The photo cropped to the cover size by Unsplash's image CDN (keeps ``ixid``)."""
    return _with_params(raw, SIZE_PARAMS)


def attribution_for(photo: Photo, app_name: str) -> Attribution:
    return Attribution(
        photographer=photo.user.name,
        photographer_url=with_utm(photo.user.links.html, app_name),
        photo_url=with_utm(photo.links.html, app_name),
        source_url=with_utm("https://unsplash.com/", app_name),
    )


def alt_text(photo: Photo, attribution: Attribution) -> str:
    """What the photo shows, when Unsplash says, followed by the credit."""
    described = (photo.alt_description or "").strip().rstrip(".")
    if not described:
        return attribution.caption
    return f"{described[0].upper()}{described[1:]}. {attribution.caption}"


def _is_unsplash_https(url: str, *, host: str | None = None) -> bool:
    parts = urlsplit(url)
    name = parts.hostname or ""
    if host is not None:
        return parts.scheme == "https" and name == host
    return parts.scheme == "https" and (name == "unsplash.com" or name.endswith(".unsplash.com"))


def trusted(photo: Photo) -> bool:
    """Our key goes only to the API host, and covers come only from Unsplash's own hosts."""
    return _is_unsplash_https(photo.links.download_location, host="api.unsplash.com") and (
        _is_unsplash_https(photo.urls.raw)
    )


def _describe(exc: requests.RequestException, timeout: float) -> str:
    if isinstance(exc, requests.Timeout):
        return f"timed out after {timeout:g}s"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__


class UnsplashClient:
    def __init__(
        self, settings: UnsplashSettings, session: requests.Session, budget: HourlyBudget
    ) -> None:
        if settings.access_key is None:
            raise ValueError("UnsplashClient needs unsplash.access_key")
        self._settings = settings
        self._session = session
        self.budget = budget
        self._headers = {
            "Authorization": f"Client-ID {settings.access_key.get_secret_value()}",
            "Accept-Version": "v1",
        }

    def search(self, query: str) -> list[Photo]:
        """Landscape, safe-content photos for ``query``, best first, from trusted hosts only."""
        params = {
            "query": query,
            "orientation": "landscape",
            "content_filter": "high",
            "per_page": str(PER_PAGE),
        }
        response = self._api_get(f"{API_ROOT}/search/photos", params)
        try:
            page = SearchPage.model_validate_json(response.content)
        except ValidationError as exc:
            raise UnsplashUnavailable("Unsplash search answered something unexpected") from exc
        return [photo for photo in page.results if trusted(photo)]

    def track_download(self, photo: Photo) -> None:
        """Tell Unsplash the photo is used: its guidelines require it, once per use."""
        self._api_get(photo.links.download_location, None)

    def fetch_image(self, url: str) -> bytes:
        """The image from Unsplash's CDN (not an API request), refused past ``max_bytes`` and
        abandoned past ``unsplash.deadline`` (a dripping CDN never trips the read timeout)."""
        try:
            return within(self._settings.deadline, lambda: self._download(url), self._expired)
        except requests.RequestException as exc:
            reason = _describe(exc, self._settings.timeout)
            raise UnsplashUnavailable(f"Unsplash image: {reason}") from exc

    def _expired(self) -> UnsplashUnavailable:
        return UnsplashUnavailable(
            f"Unsplash: no complete answer within the {self._settings.deadline:g} s deadline "
            "(unsplash.deadline)",
            for_the_run=True,
        )

    def _download(self, url: str) -> bytes:
        cap = self._settings.max_bytes
        with self._session.get(url, stream=True, timeout=self._settings.timeout) as response:
            if response.status_code != 200:
                raise UnsplashUnavailable(f"Unsplash image answered {response.status_code}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > cap:
                raise UnsplashUnavailable(f"Unsplash image is {declared} bytes, cap is {cap}")
            data = bytearray()
            for chunk in response.iter_content(CHUNK):
                data.extend(chunk)
                if len(data) > cap:
                    raise UnsplashUnavailable(f"Unsplash image is over the {cap}-byte cap")
        return bytes(data)

    def _api_get(self, url: str, params: dict[str, str] | None) -> requests.Response:
        def get() -> requests.Response:
            return self._session.get(
                url, params=params, headers=self._headers, timeout=self._settings.timeout
            )

        try:
            response = within(self._settings.deadline, get, self._expired)
        except requests.RequestException as exc:
            raise UnsplashUnavailable(f"Unsplash {_describe(exc, self._settings.timeout)}") from exc
        remaining = response.headers.get("X-Ratelimit-Remaining", "")
        if remaining.isdigit():
            self.budget.observe_remaining(int(remaining))
        self._check(response)
        return response

    def _check(self, response: requests.Response) -> None:
        status = response.status_code
        failure = failure_of(status)
        if failure is None:
            return
        if failure == Failure.RATE_LIMITED or (
            # Unsplash says 403 "Rate Limit Exceeded" when the hourly allowance is spent
            status == 403 and "rate limit" in response.text.lower()
        ):
            self.budget.exhaust()
            raise UnsplashUnavailable(f"Unsplash rate limit reached ({status})", for_the_run=True)
        if failure == Failure.AUTH:
            refused = "the access key" if status == 401 else "the request"
            raise UnsplashUnavailable(f"Unsplash refused {refused} ({status})", for_the_run=True)
        raise UnsplashUnavailable(f"Unsplash answered {status}")

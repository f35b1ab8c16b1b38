"""Where each post went, in words a person can follow: the site file, or the Strapi entry.

Per-note lines, ``--log-format json`` events and ``publisher status`` all say it the same way,
built here from the publications state records: the files target's path (under ``site_dir``),
or Strapi's documentId with the REST URL that returns that locale's entry.
"""

from __future__ import annotations

from pydantic import BaseModel

from publisher.config import Settings
from publisher.masking import mask_userinfo
from publisher.models import Publication


class Location(BaseModel):
    """One locale of one post in the target."""

    id: str  # the site path, or the Strapi documentId
    url: str | None = None

    def __str__(self) -> str:
        return self.url or self.id


def location_of(pub: Publication, settings: Settings) -> Location | None:
    if not pub.target_id:
        return None
    if pub.target == "strapi" and settings.strapi.url:
        base = mask_userinfo(settings.strapi.url)
        url = f"{base}/api/{settings.strapi.collection}/{pub.target_id}?locale={pub.locale}"
        return Location(id=pub.target_id, url=url)
    return Location(id=str(settings.site_dir / pub.target_id))


def locations_of(pubs: dict[str, Publication], settings: Settings) -> dict[str, Location]:
    """Locale -> where it is, for the locales the target holds (in the configured order)."""
    found = {locale: location_of(pub, settings) for locale, pub in pubs.items()}
    ordered = [code for code in settings.locales if code in found]
    ordered += sorted(code for code in found if code not in ordered)
    return {code: place for code in ordered if (place := found[code]) is not None}


def where_line(locations: dict[str, Location]) -> str:
    """``ru site/ru/x/index.md · en site/en/x/index.md`` for a per-note line."""
    return " · ".join(f"{locale} {place}" for locale, place in locations.items())

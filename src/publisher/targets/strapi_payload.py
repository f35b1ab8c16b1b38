"""Pure pieces of the Strapi target: what is sent, and what the CMS's schema must look like.

Kept apart from HTTP so they can be read and tested without a server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from publisher.config import StrapiFields
from publisher.errors import NoteError
from publisher.imagefile import EXTENSIONS, NotAnImage, inspect_image
from publisher.models import CoverImage, EnrichedNote, LocalizedPost
from publisher.postmeta import description_of, iso_date, post_date, reading_minutes

MAX_UPLOAD_BYTES = 50_000_000  # Strapi's default upload size limit (sizeLimit)
# Page fields: the Strapi types that can hold each, and whether it differs per locale.
PAGE_FIELDS: dict[str, tuple[tuple[str, ...], bool]] = {
    "description": (("text", "string"), True),
    "date": (("datetime",), False),
    "tags": (("json",), False),
    "project": (("string", "text"), False),
    "reading_time": (("integer",), True),
}
MARK = "--publisher-"  # in every upload's name, before the sha256 of its bytes


def checked_mime(cover: CoverImage, data: bytes) -> str:
    """The cover's MIME type, verified against its bytes.

    Strapi does not enforce the media field's ``allowedTypes`` when an entry links a file,
    so a PDF or an HTML error page saved as "cover.jpg" would be published as the cover.
    """
    try:
        actual = inspect_image(data, max_bytes=MAX_UPLOAD_BYTES).mime
    except NotAnImage as exc:
        raise NoteError(f"cover {cover.file} is not a usable image: {exc}") from exc
    if actual != cover.mime:
        raise NoteError(f"cover {cover.file} is {actual} but was declared {cover.mime}")
    return actual


@dataclass(frozen=True)
class UploadForm:
    """The multipart form for ``POST /api/upload``."""

    filename: str
    mime: str
    file_info: str

    def as_requests_files(self, data: bytes) -> dict[str, Any]:
        return {"files": (self.filename, data, self.mime)}

    def as_requests_data(self) -> dict[str, str]:
        return {"fileInfo": self.file_info}


def upload_name(slug: str, sha256: str, ext: str) -> str:
    """Readable in the media library (the slug), publisher's and findable by content (the hash)."""
    return f"{slug[:80]}{MARK}{sha256}{ext}"


def upload_form(note: EnrichedNote, cover: CoverImage, mime: str, sha256: str) -> UploadForm:
    """A filename naming the slug and the bytes' hash; alt text and attribution as metadata."""
    filename = upload_name(note.primary_post.slug or note.note_id, sha256, EXTENSIONS[mime])
    caption = cover.caption or (cover.attribution.caption if cover.attribution else None)
    info: dict[str, str] = {"name": filename, "alternativeText": cover.alt}
    if caption:
        info["caption"] = caption
    return UploadForm(filename, mime, json.dumps(info, ensure_ascii=False))


def entry_data(
    fields: StrapiFields, note: EnrichedNote, post: LocalizedPost, file_id: int | None
) -> dict[str, Any]:
    """One locale's ``data`` object.

    ``external_id`` and ``cover`` go into every locale's write even though they are shared:
    Strapi does not reliably copy a non-localized media field into another locale's draft, and
    the next publish of that locale would then drop the cover. A cover is linked by its numeric
    file id; a documentId there is silently ignored.
    """
    data: dict[str, Any] = {
        fields.title: post.title,
        fields.slug: post.slug,
        fields.body: post.body,
        fields.external_id: note.note_id,
        **page_data(fields, note, post),
    }
    if file_id is not None:
        data[fields.cover] = file_id
    return data


def page_data(fields: StrapiFields, note: EnrichedNote, post: LocalizedPost) -> dict[str, Any]:
    """What a blog page shows besides title and body, under the configured names; a field
    configured as "" is left out, for a content type that does not have it."""
    values: dict[str, Any] = {
        fields.description: description_of(post),
        fields.date: iso_date(post_date(note)),
        fields.tags: list(note.tags),
        fields.project: note.project,
        fields.reading_time: reading_minutes(post.body),
    }
    return {name: value for name, value in values.items() if name}


def schema_problems(attributes: dict[str, Any], fields: StrapiFields) -> list[str]:
    """What is wrong with a content type's attributes for the configured field names."""
    problems = []
    for role in ("title", "slug", "body"):
        name = getattr(fields, role)
        attr = attributes.get(name)
        if attr is None:
            problems.append(f"no field {name!r} ({role})")
        elif not _localized(attr):
            problems.append(f"field {name!r} ({role}) is not localized")
    external = attributes.get(fields.external_id)
    if external is None:
        problems.append(f"no field {fields.external_id!r} (external_id)")
    elif external.get("type") not in ("string", "uid", "text"):
        problems.append(f"field {fields.external_id!r} should be a string, is {external['type']}")
    cover = attributes.get(fields.cover)
    if cover is None:
        problems.append(f"no field {fields.cover!r} (cover)")
    elif cover.get("type") != "media" or cover.get("multiple"):
        problems.append(f"field {fields.cover!r} should be a single media field")
    elif "images" not in (cover.get("allowedTypes") or ["images"]):
        problems.append(f"field {fields.cover!r} does not allow images")
    for role, attr in (("external_id", external), ("cover", cover)):
        if attr is not None and _localized(attr):
            problems.append(f"field {getattr(fields, role)!r} ({role}) should not be localized")
    return problems + page_field_problems(attributes, fields)


def page_field_problems(attributes: dict[str, Any], fields: StrapiFields) -> list[str]:
    """Page fields the content type lacks or types wrongly (a field named "" is not sent)."""
    problems = []
    for role, (types, localized) in PAGE_FIELDS.items():
        name = getattr(fields, role)
        if not name:
            continue
        attr = attributes.get(name)
        if attr is None:
            problems.append(f'no field {name!r} ({role}); or set strapi.fields.{role} = ""')
        elif attr.get("type") not in types:
            problems.append(f"field {name!r} ({role}) should be {' or '.join(types)}")
        elif _localized(attr) != localized:
            should = "should" if localized else "should not"
            problems.append(f"field {name!r} ({role}) {should} be localized")
    return problems


def schema_warnings(attributes: dict[str, Any], fields: StrapiFields) -> list[str]:
    """What works but is weaker than it should be: a non-unique external id lets racing
    writers create duplicates that only the publisher's convergence step then removes."""
    warnings = []
    external = attributes.get(fields.external_id)
    if external is not None and not external.get("unique"):
        warnings.append(f"field {fields.external_id!r} (external_id) is not unique")
    slug = attributes.get(fields.slug)
    if slug is not None and slug.get("type") != "uid" and not slug.get("unique"):
        # publisher keeps its own addresses unique; Strapi then guards against hand-made ones
        warnings.append(f"field {fields.slug!r} (slug) is neither a UID nor unique")
    return warnings


def _localized(attribute: dict[str, Any]) -> bool:
    options = attribute.get("pluginOptions") or {}
    return bool((options.get("i18n") or {}).get("localized"))

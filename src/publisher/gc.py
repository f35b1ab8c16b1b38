"""``publisher gc``: remove cover uploads that publisher made and no entry links any more.

Uploads are reused rather than repeated, but some still end up unlinked: an entry write that
failed for good, two writers with different state folders racing on one note, a cover that
changed. They are recognisable by name (``…--publisher-<sha256>.<ext>``), so only publisher's
own files are ever considered, and a file any entry links is kept. Nothing is deleted unless
``apply`` is set: the default prints what would go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from publisher.config import Settings
from publisher.targets.strapi_uploads import UploadedFile


@dataclass(frozen=True)
class GcReport:
    unused: list[UploadedFile]
    deleted: list[UploadedFile]
    applied: bool


def collect(settings: Settings, *, apply: bool, say: Callable[[str], None]) -> GcReport:
    """List (and with ``apply`` delete) the unused publisher uploads in the Strapi target."""
    from publisher.targets.strapi import StrapiTarget
    from publisher.wiring import build_target

    target = build_target(settings)
    if not isinstance(target, StrapiTarget):
        say("gc: the files target keeps each cover beside its post; nothing to collect")
        return GcReport([], [], apply)
    target.check()
    unused = target.uploads.unused()
    deleted: list[UploadedFile] = []
    for upload in unused:
        if apply:
            target.uploads.delete(upload.file_id)
            deleted.append(upload)
        verb = "deleted" if apply else "unused "
        say(f"{verb} file {upload.file_id}: {upload.name} ({upload.created})")
    if apply:
        say(f"gc: {len(deleted)} unused upload(s) deleted")
    else:
        say(f"gc: {len(unused)} unused upload(s); run `publisher gc --apply` to delete them")
    return GcReport(unused, deleted, apply)

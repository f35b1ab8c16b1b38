"""Format, MIME type and size of an image come from its bytes, and non-images are refused."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from publisher.imagefile import NotAnImage, inspect_image


def encoded(kind: str, size: tuple[int, int] = (40, 21)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("kind", "mime", "extension"),
    [
        ("JPEG", "image/jpeg", ".jpg"),
        ("PNG", "image/png", ".png"),
        ("WEBP", "image/webp", ".webp"),
        ("GIF", "image/gif", ".gif"),
    ],
)
def test_known_formats_are_recognised_from_their_bytes(
    kind: str, mime: str, extension: str
) -> None:
    data = encoded(kind)
    info = inspect_image(data, max_bytes=1_000_000)
    assert (info.mime, info.extension, info.width, info.height) == (mime, extension, 40, 21)
    assert info.size_bytes == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><html><body>Rate Limit Exceeded</body></html>",
        b"%PDF-1.7\n1 0 obj\n",
        b"",
        encoded("BMP"),
        encoded("JPEG", (300, 200))[:600],  # truncated mid-scan
    ],
    ids=["html", "pdf", "empty", "bmp", "truncated-jpeg"],
)
def test_non_images_and_broken_images_are_refused(data: bytes) -> None:
    with pytest.raises(NotAnImage):
        inspect_image(data, max_bytes=1_000_000)


def test_an_image_over_the_cap_is_refused() -> None:
    data = encoded("PNG")
    with pytest.raises(NotAnImage, match="cap"):
        inspect_image(data, max_bytes=len(data) - 1)

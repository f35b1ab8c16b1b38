"""What an image really is, judged from its bytes and never from a name or a header.

An HTML error page served with ``Content-Type: image/jpeg`` or a truncated download must not
become a post's cover, so every cover's format, MIME type and size come from here.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

# Pillow format -> (MIME type, file extension): the formats every CMS and browser shows.
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
    "GIF": ("image/gif", ".gif"),
}
EXTENSIONS: dict[str, str] = {mime: extension for mime, extension in FORMATS.values()}
MAX_PIXELS = 40_000_000  # far above any cover; refuses decompression bombs before decoding


class NotAnImage(ValueError):
    """The bytes are not a usable cover image; the message says why in one line."""


@dataclass(frozen=True)
class ImageInfo:
    mime: str
    extension: str
    width: int
    height: int
    size_bytes: int
    sha256: str


def inspect_image(data: bytes, *, max_bytes: int) -> ImageInfo:
    """Format, MIME type and dimensions of ``data``, after Pillow has verified and decoded it."""
    if len(data) > max_bytes:
        raise NotAnImage(f"image is {len(data)} bytes, over the {max_bytes}-byte cap")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            width, height = image.size
            if kind not in FORMATS:
                raise NotAnImage(f"image format {kind or 'unknown'} is not JPEG, PNG, WebP or GIF")
            if width * height > MAX_PIXELS:
                raise NotAnImage(f"image is {width}x{height}, too many pixels")
            image.verify()  # checksums and structure
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() does not decode: a truncated JPEG only fails here
    except NotAnImage:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise NotAnImage(f"not an image: {type(exc).__name__}") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise NotAnImage(f"broken image: {exc}") from exc
    mime, extension = FORMATS[kind]
    return ImageInfo(
        mime=mime,
        extension=extension,
        width=width,
        height=height,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )

"""The generated cover: the post's title on a palette of the note's own.

The font ships with the package (PT Sans through ``fontpkg-pt-sans``): Pillow's built-in font
has no Cyrillic, and a font the machine happens to have makes covers differ between machines.
The basic layout engine is used for the same reason: with or without libraqm, one note id and
one title always give the same bytes.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg_pt_sans
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FONT_FILE: Path = fontpkg_pt_sans.ROOT / "files" / "PT_Sans-Web-Bold.ttf"
FONT_SIZES = (80, 72, 64, 56, 50, 44)  # largest first: a short title gets big letters
LINE_SPACING = 1.18
TEXT_LEFT, TEXT_TOP = 130, 90
TEXT_WIDTH, TEXT_HEIGHT = WIDTH - TEXT_LEFT - 110, HEIGHT - 2 * TEXT_TOP
ELLIPSIS = "…"
# U+FFFF is a noncharacter: no font maps it, so it always renders as the missing glyph.
MISSING = "\uffff"

RGB = tuple[int, int, int]
# The cached font objects are shared by the pipeline's worker threads, and a FreeType face is
# not safe to use from two threads at once; PNG encoding, the slower half, stays outside.
_FREETYPE = threading.Lock()


@dataclass(frozen=True)
class Palette:
    background: RGB
    shape: RGB
    accent: RGB
    text: RGB


@dataclass(frozen=True)
class TitleLayout:
    lines: tuple[str, ...]
    size: int
    line_height: int


def _rgb(hue: float, lightness: float, saturation: float) -> RGB:
    red, green, blue = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def palette_for(note_id: str) -> Palette:
    """Colours from a hash of the note id: stable across runs, varied across notes.

    Backgrounds stay dark and the text near-white, so any hue keeps the title legible.
    """
    digest = hashlib.sha256(note_id.encode("utf-8")).digest()
    hue = int.from_bytes(digest[:2], "big") / 65536
    lightness = 0.15 + digest[2] / 255 * 0.05
    saturation = 0.45 + digest[3] / 255 * 0.3
    accent_turn = (0.5, 1 / 3, 2 / 3, 1 / 12)[digest[4] % 4]
    return Palette(
        background=_rgb(hue, lightness, saturation),
        shape=_rgb(hue + 0.03, lightness + 0.05, saturation),
        accent=_rgb(hue + accent_turn, 0.62, 0.75),
        text=(250, 248, 242),
    )


@lru_cache(maxsize=len(FONT_SIZES) + 2)
def title_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILE), size, layout_engine=ImageFont.Layout.BASIC)


def glyph_bitmap(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    """One character drawn alone: equal bitmaps mean equal glyphs."""
    size = int(font.size) * 2
    canvas = Image.new("L", (size, size), 0)
    ImageDraw.Draw(canvas).text((size // 4, 0), char, font=font, fill=255)
    return canvas.tobytes()


@lru_cache(maxsize=4096)
def has_glyph(char: str) -> bool:
    """Whether the font draws ``char`` as itself rather than as the missing-glyph box."""
    font = title_font(FONT_SIZES[-1])
    return glyph_bitmap(font, char) != glyph_bitmap(font, MISSING)


def printable_title(title: str) -> str:
    """The title without what the font cannot draw (emoji, rare scripts), spaces collapsed."""
    kept = "".join(char for char in title if char.isspace() or has_glyph(char))
    return " ".join(kept.split())


BREAK_AFTER = "_-/.:"


def _break_point(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> int:
    """Where to cut a too-wide word: the longest prefix that fits, at a separator if one is
    in its second half (``very_long_name`` breaks after an underscore, not mid-word)."""
    cut = len(text)
    while cut > 1 and font.getlength(text[:cut]) > max_width:
        cut -= 1
    separator = max(text.rfind(char, 0, cut) for char in BREAK_AFTER)
    return separator + 1 if separator + 1 > cut // 2 else cut


def wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap; a word wider than a line (a long identifier) is broken."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if font.getlength(word) > max_width:
            current = candidate  # fits no line anyway: fill this one, then break
        else:
            if current:
                lines.append(current)
            current = word
        while font.getlength(current) > max_width:
            cut = _break_point(current, font, max_width)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def layout_title(
    title: str, *, max_width: int = TEXT_WIDTH, max_height: int = TEXT_HEIGHT
) -> TitleLayout:
    """The largest font size at which the whole title fits; else the smallest, cut with '…'."""
    for size in FONT_SIZES:
        font = title_font(size)
        line_height = round(size * LINE_SPACING)
        lines = wrap(title, font, max_width)
        if len(lines) * line_height <= max_height:
            return TitleLayout(tuple(lines), size, line_height)
    kept = lines[: max(1, max_height // line_height)]
    last = kept[-1]
    while last and font.getlength(last + ELLIPSIS) > max_width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return TitleLayout(tuple(kept), size, line_height)


def _decorate(draw: ImageDraw.ImageDraw, note_id: str, palette: Palette) -> None:
    """Two large discs off the right edge and a bottom band: a shape per note, behind the text."""
    digest = hashlib.sha256(b"shape:" + note_id.encode("utf-8")).digest()
    for index in range(2):
        radius = 220 + digest[index * 3] % 160
        cx = WIDTH - 60 + digest[index * 3 + 1] % 120 - index * 260
        cy = digest[index * 3 + 2] * HEIGHT // 255
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=palette.shape)
    draw.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=palette.accent)


def _compose(title: str, note_id: str) -> Image.Image:
    palette = palette_for(note_id)
    image = Image.new("RGB", (WIDTH, HEIGHT), palette.background)
    draw = ImageDraw.Draw(image)
    _decorate(draw, note_id, palette)
    layout = layout_title(printable_title(title) or printable_title(note_id))
    font = title_font(layout.size)
    block = len(layout.lines) * layout.line_height
    top = TEXT_TOP + (TEXT_HEIGHT - block) // 2
    draw.rectangle((TEXT_LEFT - 44, top + 8, TEXT_LEFT - 32, top + block - 8), fill=palette.accent)
    for number, line in enumerate(layout.lines):
        draw.text(
            (TEXT_LEFT, top + number * layout.line_height), line, font=font, fill=palette.text
        )
    return image


def render_cover(title: str, note_id: str) -> bytes:
    """A 1200x630 PNG with the title; the same title and note id give the same bytes."""
    with _FREETYPE:
        image = _compose(title, note_id)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()

"""The drawn cover: a bundled font that really has Cyrillic, a legible title, stable colours."""

from __future__ import annotations

import io
import itertools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import fontpkg_pt_sans
import pytest
from PIL import Image

from publisher.covers import render
from publisher.covers.render import (
    ELLIPSIS,
    FONT_SIZES,
    HEIGHT,
    MISSING,
    RGB,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    WIDTH,
    glyph_bitmap,
    has_glyph,
    layout_title,
    palette_for,
    printable_title,
    render_cover,
    title_font,
    wrap,
)

CYRILLIC = [chr(code) for code in range(ord("А"), ord("я") + 1)] + ["Ё", "ё"]
PANGRAM = "Съешь же ещё этих мягких французских булок, да выпей чаю"


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_font_comes_from_the_fontpkg_package_not_the_machine() -> None:
    assert render.FONT_FILE.is_file()
    assert render.FONT_FILE.resolve().is_relative_to(Path(fontpkg_pt_sans.ROOT).resolve())
    assert title_font(FONT_SIZES[0]).path == str(render.FONT_FILE)


def test_missing_glyph_reference_is_the_fonts_box() -> None:
    """Two different unmapped code points draw the same non-empty glyph: the .notdef box."""
    font = title_font(60)
    notdef = glyph_bitmap(font, MISSING)
    assert any(notdef), "the missing glyph draws ink"
    assert glyph_bitmap(font, "\ue000") == notdef  # private use area, not in PT Sans


@pytest.mark.parametrize("size", [FONT_SIZES[0], FONT_SIZES[-1]])
def test_every_cyrillic_letter_is_its_own_glyph_not_a_box(size: int) -> None:
    font = title_font(size)
    notdef = glyph_bitmap(font, MISSING)
    bitmaps = {letter: glyph_bitmap(font, letter) for letter in CYRILLIC}
    boxes = [letter for letter, bitmap in bitmaps.items() if bitmap == notdef]
    assert boxes == []
    assert len(set(bitmaps.values())) == len(CYRILLIC), "two letters share one bitmap"


def test_has_glyph_tells_drawable_from_undrawable() -> None:
    assert all(has_glyph(letter) for letter in [*CYRILLIC, "A", "z", "7", "—", "«", "»"])
    assert not any(has_glyph(char) for char in ["🚀", "\ue000", "漢", "\ufe0f"])


def test_printable_title_drops_only_what_the_font_cannot_draw() -> None:
    assert printable_title("Релиз  🚀 v2.0\tготов") == "Релиз v2.0 готов"
    assert printable_title(PANGRAM) == PANGRAM


def text_region(data: bytes) -> bytes:
    image = open_png(data)
    return image.crop((render.TEXT_LEFT, render.TEXT_TOP, WIDTH - 110, HEIGHT - 90)).tobytes()


def test_cover_with_cyrillic_title_is_a_1200x630_rgb_png() -> None:
    data = render_cover(PANGRAM, "note-1")
    image = open_png(data)
    assert (image.format, image.size, image.mode) == ("PNG", (WIDTH, HEIGHT), "RGB")
    text_colour = palette_for("note-1").text
    counts = {colour: count for count, colour in image.getcolors(WIDTH * HEIGHT)}
    ink = counts.get(text_colour, 0)
    assert ink > 5_000, "the title is drawn in the text colour"


def test_covers_differing_in_one_cyrillic_letter_differ() -> None:
    """Boxes would make all these covers identical; real glyphs make each one different."""
    letters = ["Ж", "Щ", "Ы", "Э", "Ю", "Я", "Ф", "Д"]
    regions = [text_region(render_cover(f"Заметка {letter}", "same-id")) for letter in letters]
    assert len(set(regions)) == len(letters)


def test_undrawable_characters_leave_no_boxes_on_the_cover() -> None:
    assert render_cover("Релиз 🚀", "n") == render_cover("Релиз", "n")


def test_a_title_of_only_undrawable_characters_shows_the_note_id() -> None:
    assert render_cover("🚀🔥", "deploy-notes") == render_cover("deploy-notes", "deploy-notes")


def test_same_note_id_gives_the_same_bytes_and_another_id_other_colours() -> None:
    assert render_cover(PANGRAM, "alpha") == render_cover(PANGRAM, "alpha")
    assert palette_for("alpha") != palette_for("beta")
    backgrounds = {palette_for(f"note-{index}").background for index in range(50)}
    assert len(backgrounds) >= 45


def _luminance(color: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in color)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_title_stays_legible_on_every_palette() -> None:
    for index in range(500):
        palette = palette_for(f"n{index}")
        assert contrast_ratio(palette.text, palette.background) >= 7.0
        assert contrast_ratio(palette.text, palette.shape) >= 4.5


def test_contrast_ratio_matches_wcag_extremes() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((90, 90, 90), (90, 90, 90)) == pytest.approx(1.0)


def test_wrap_keeps_every_line_within_the_width_and_every_word() -> None:
    font = title_font(64)
    text = "Как мы ускорили сборку Docker-образов в три раза и ничего не сломали"
    lines = wrap(text, font, 500)
    assert len(lines) > 1
    assert all(font.getlength(line) <= 500 for line in lines)
    assert " ".join(lines) == text


def test_wrap_breaks_a_word_wider_than_the_line() -> None:
    font = title_font(64)
    word = "very_long_identifier_" * 6
    lines = wrap(f"fix {word}", font, 400)
    assert all(font.getlength(line) <= 400 for line in lines)
    assert "".join(lines) == f"fix {word}"
    assert all(line.endswith("_") for line in lines[:-1]), "breaks after an underscore"


def test_short_titles_get_bigger_letters_than_long_ones() -> None:
    short = layout_title("Кэш")
    long = layout_title(" ".join(["медленная сборка"] * 8))
    assert short.size == FONT_SIZES[0]
    assert long.size < short.size
    assert len(long.lines) * long.line_height <= TEXT_HEIGHT


def test_a_title_too_long_for_the_cover_is_cut_with_an_ellipsis() -> None:
    layout = layout_title(" ".join(itertools.repeat("слово", 200)))
    font = title_font(layout.size)
    assert layout.size == FONT_SIZES[-1]
    assert layout.lines[-1].endswith(ELLIPSIS)
    assert len(layout.lines) * layout.line_height <= TEXT_HEIGHT
    assert all(font.getlength(line) <= TEXT_WIDTH for line in layout.lines)


def test_parallel_workers_draw_the_same_covers_as_one_worker() -> None:
    jobs = [(f"Заметка {index} про сборку", f"id-{index}") for index in range(8)]
    sequential = [render_cover(*job) for job in jobs]
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(lambda job: render_cover(*job), jobs))
    assert parallel == sequential

"""Keyboard-layout slips, keyboard runs, look-alike letters and product-name titles, told by
rules and the letter statistics of publisher.language.letters, not by lists of slipped words
or of product names."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from publisher.language import UNDETERMINED, detect_language
from publisher.language.letters import (
    LETTER_STATS,
    is_common_english,
    layout_gain,
    translit_gain,
)
from publisher.resources import packaged

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_letter_stats_are_what_the_build_script_writes() -> None:
    """The package data is derived, not edited by hand: rebuilding it from wordfreq gives the
    same bytes, so a reviewer can trust the file is the script's output. wordfreq is in the
    test lock (CI has it); a venv made before it was added skips instead of failing."""
    pytest.importorskip("wordfreq", reason="pip install -r requirements-test.lock")
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts/build_letter_stats.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert packaged(*LETTER_STATS).read_text(encoding="utf-8") == build.build()


@pytest.mark.parametrize(
    "text",
    [
        "зфеср",  # "patch" on the Russian layout: a short word, too few letters for unigrams
        "Руддщ",
        "ше цщклы",  # "it works"
        "кщддифсл вщтуб фдд пкуут",  # "rollback, done" with the comma typed on б
        "ytn",  # «нет» on the English layout
        "Ehf",  # «Ура»
        "Dsrfnbkb abrc",  # «Выкатили фикс»
        "GHBDTN",
        "Java 21",  # a capitalised word that is not a common English word, and a version
        "Helm 3.16",
        "Node 22 LTS",
        "Firefox 133 → 134",
        "asdasd",  # a keyboard run typed over and over, in either script
        "ЫВАЫВА",
        "фыва",
        "Zavtra reliz",  # Russian in Latin letters with no listed transliteration word
        "Dobroe utro",
    ],
)
def test_slips_and_product_versions_are_undetermined(text: str) -> None:
    assert detect_language(text) == UNDETERMINED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Шрифты", "ru"),  # ш ф щ in real Russian words
        ("Фидбэк", "ru"),  # э would be a quote on the English layout: no English word
        ("Щука", "ru"),
        ("Кэш", "ru"),
        ("Release 2.0", "en"),  # common English words take numbers as labels
        ("Error 404", "en"),
        ("Step 3", "en"),
        ("Sync or async?", "en"),
        ("Oops", "en"),
        ("Java 21: что нового", "ru"),
        ("Why we stayed on Java 17", "en"),
        ("Про", "ru"),  # a home-row run of three letters that is a Russian word
        # English copied from a PDF with Cyrillic look-alikes (е о а): still English
        ("Hеllо world", "en"),
        ("Тhis is а test", "en"),
        ("Sign in with Apple с Face ID", "ru"),  # a real Russian с, no look-alike repairs
        ("Tabs vs spaces", "en"),  # "vs" is «мы» on the Russian layout, the rest reads English
        ("Cold starts", "en"),
        ("Matryoshka embeddings", "en"),
    ],
)
def test_real_words_near_the_edge_keep_their_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_layout_gain_separates_slips_from_words() -> None:
    assert layout_gain(["зфеср"], ["patch"], "ru") > 1.0
    assert layout_gain(["шрифты"], ["ihbans"], "ru") < 0.0
    assert layout_gain(["ghbdtn"], ["привет"], "en") > 1.0
    assert layout_gain(["sync"], ["ынтс"], "en") < 0.0


def test_translit_gain_separates_romanised_russian_from_english() -> None:
    assert translit_gain(["zavtra", "reliz"]) > 1.0
    assert translit_gain(["release", "notes"]) < 0.0


def test_common_english_is_about_frequency_not_capitals() -> None:
    assert is_common_english("Release") and is_common_english("error")
    assert not is_common_english("Java") and not is_common_english("helm")

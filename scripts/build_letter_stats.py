"""Write src/publisher/language/data/letter_stats.json from wordfreq's word frequencies.

The language check asks two questions no closed word list should answer: how plausible a run of
letters is as Russian or as English (a keyboard-layout slip reads far better on the other
layout), and whether a lone capitalised word is one of English's common words ("Release 2.0")
or a name ("Java 21"). wordfreq (Apache-2.0 code, CC BY-SA 4.0 data) is the well-kept source of
both; the derived statistics are shipped instead of the package because it is 58 MB and its
import plus building the tables costs about 0.7 s, against 10 ms to read this file.

    pip install wordfreq==3.1.1 && python scripts/build_letter_stats.py

tests/test_language_letters.py checks the shipped file is what this script writes.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ALPHABETS = {"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "en": "abcdefghijklmnopqrstuvwxyz"}
ORDER = 3  # letter trigrams: two letters of context
SCALE = 1e9  # frequencies (fractions of running words) stored as integers per billion words
COMMON_ZIPF = 4.5  # one in 30,000 running English words or more often
OUT = Path(__file__).resolve().parent.parent / "src/publisher/language/data/letter_stats.json"


def trigram_counts(language: str) -> dict[str, int]:
    """Letter trigrams of the language's words (``^`` pads the start, ``$`` marks the end),
    each weighted by how often its word is used, so frequent words shape the model most."""
    from wordfreq import get_frequency_dict

    alphabet = set(ALPHABETS[language])
    counts: Counter[str] = Counter()
    for word, freq in get_frequency_dict(language, "small").items():
        if not set(word) <= alphabet:
            continue
        padded = "^" * (ORDER - 1) + word + "$"
        for i in range(len(padded) - ORDER + 1):
            counts[padded[i : i + ORDER]] += freq
    return {
        gram: round(value * SCALE) for gram, value in sorted(counts.items()) if value * SCALE >= 1
    }


def common_english() -> list[str]:
    from wordfreq import get_frequency_dict, zipf_frequency

    return sorted(
        word
        for word in get_frequency_dict("en", "small")
        if word.isalpha() and word.isascii() and zipf_frequency(word, "en", "small") >= COMMON_ZIPF
    )


def build() -> str:
    stats = {
        "source": "wordfreq 3.1.1 'small' lists (CC BY-SA 4.0), see scripts/build_letter_stats.py",
        "order": ORDER,
        "trigrams": {language: trigram_counts(language) for language in ALPHABETS},
        "common_english": common_english(),
    }
    return json.dumps(stats, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT} ({OUT.stat().st_size} bytes)\n")

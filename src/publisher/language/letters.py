"""How plausible a run of letters is as Russian or as English, and which English words are common.

A keyboard-layout slip (``руддщ`` is "hello" typed on the Russian layout, ``ghbdtn`` is «привет»
on the English one) is letters that read badly as typed and well when mapped back key for key.
A letter-trigram model of each language tells that apart without a list of slipped words: real
Russian words rich in ф ш щ (``шрифты``, ``щука``) still read as Russian. The statistics come from
wordfreq's word frequencies through ``scripts/build_letter_stats.py`` and ship as package data
(``data/letter_stats.json``), read once on first use.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from publisher.resources import packaged

LETTER_STATS = ("language", "data", "letter_stats.json")
PAD, END = "^", "$"
# Weight given to a trigram never seen, in the stored units (per billion words): small, so an
# impossible letter sequence costs about 13 nats against a common one.
UNSEEN = 1000.0


@dataclass(frozen=True)
class TrigramModel:
    """Letter trigram counts of one language and the counts of their two-letter contexts."""

    trigrams: dict[str, int]
    contexts: dict[str, int]
    alphabet_size: int

    def log_prob(self, word: str) -> float:
        """Total log probability of a lower-case word, its start and end included."""
        padded = PAD * 2 + word + END
        total = 0.0
        for i in range(len(padded) - 2):
            gram = padded[i : i + 3]
            seen = self.trigrams.get(gram, 0) + UNSEEN
            total += math.log(seen / (self.contexts.get(gram[:2], 0) + UNSEEN * self.alphabet_size))
        return total


@dataclass(frozen=True)
class LetterStats:
    ru: TrigramModel
    en: TrigramModel
    common_english: frozenset[str]


@cache
def stats() -> LetterStats:
    """The shipped statistics, read on the first call that needs them."""
    data = json.loads(packaged(*LETTER_STATS).read_text(encoding="utf-8"))
    models = {lang: model_of(counts) for lang, counts in data["trigrams"].items()}
    return LetterStats(models["ru"], models["en"], frozenset(data["common_english"]))


def model_of(trigrams: dict[str, int]) -> TrigramModel:
    contexts: dict[str, int] = {}
    letters: set[str] = set()
    for gram, count in trigrams.items():
        contexts[gram[:2]] = contexts.get(gram[:2], 0) + count
        letters.update(gram)
    return TrigramModel(trigrams, contexts, len(letters - {PAD}))


def layout_gain(typed: list[str], mapped: list[str], typed_in: str) -> float:
    """Nats per letter by which the words read better mapped to the other layout (``mapped``,
    in the other language) than as ``typed`` (in ``typed_in``, "ru" or "en"): clearly positive
    for a slip, negative for real words."""
    models = stats()
    own, other = (models.ru, models.en) if typed_in == "ru" else (models.en, models.ru)
    gain = sum(other.log_prob(m) - own.log_prob(t) for t, m in zip(typed, mapped, strict=True))
    return gain / max(1, sum(len(t) + 1 for t in typed))


def translit_gain(words: list[str]) -> float:
    """Nats per letter by which lower-case Latin words read better as Russian spelt in Latin
    letters (read back through the usual romanisation: ``zavtra`` is «завтра») than as
    English: positive for transliterated Russian, negative for English words."""
    models = stats()
    cyrillic = [romanised_to_cyrillic(w) for w in words]
    russian = sum(map(models.ru.log_prob, cyrillic)) / sum(len(w) + 1 for w in cyrillic)
    english = sum(map(models.en.log_prob, words)) / sum(len(w) + 1 for w in words)
    return russian - english


# The common romanisation of Russian (GOST / BGN-like), longest spellings first.
ROMAN_DIGRAPHS = {"shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ch": "ч", "sh": "ш", "ts": "ц"}
ROMAN_DIGRAPHS |= {"ya": "я", "yu": "ю", "yo": "ё", "ye": "е"}
ROMAN_LETTERS = str.maketrans("abvgdezijklmnoprstufhcyqwx", "абвгдезийклмнопрстуфхцыквх")


def romanised_to_cyrillic(word: str) -> str:
    for latin, cyrillic in ROMAN_DIGRAPHS.items():
        word = word.replace(latin, cyrillic)
    return word.translate(ROMAN_LETTERS)


def is_common_english(word: str) -> bool:
    """One of English's ~3,000 most used words (one in 30,000 running words or more often)."""
    return word.lower() in stats().common_english

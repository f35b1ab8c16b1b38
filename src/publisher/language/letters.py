"""How plausible a run of letters is as Russian or as English, and which English words are common.

A keyboard-layout slip (``руддщ`` is "hello" typed on the Russian layout, ``ghbdtn`` is «привет»
on the English one) is letters that read badly as typed and well when mapped back key for key;
transliterated Russian (``zavtra reliz``) reads better through the usual romanisation than as
English. A letter-trigram model of each language tells both apart without a list of slipped or
transliterated words: real Russian words rich in ф ш щ (``шрифты``, ``щука``) still read as
Russian. The statistics and the common English words (which tell ``Release 2.0`` from
``Java 21``) come from wordfreq's word frequencies through ``scripts/build_letter_stats.py`` and
ship as package data (``data/letter_stats.json``), read once on first use."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache

from publisher.resources import packaged

LETTER_STATS = ("language", "data", "letter_stats.json")
PAD, END = "^", "$"
# Weight given to a trigram never seen, in the stored units (per billion words): small, so an
# impossible letter sequence costs about 13 nats against a common one.
UNSEEN = 1000.0


@dataclass(frozen=True)
class TrigramModel:
    """Log counts of one language's letter trigrams and of their two-letter contexts, smoothed
    (``UNSEEN`` added to every trigram), so scoring a word is lookups and sums."""

    log_trigrams: dict[str, float]
    log_contexts: dict[str, float]
    log_unseen: float
    log_unseen_context: float

    def log_prob(self, word: str) -> float:
        """Total log probability of a lower-case word, its start and end included."""
        padded = PAD * 2 + word + END
        grams = [padded[i : i + 3] for i in range(len(padded) - 2)]
        unseen, unseen_context = self.log_unseen, self.log_unseen_context
        return sum(self.log_trigrams.get(g, unseen) for g in grams) - sum(
            self.log_contexts.get(g[:2], unseen_context) for g in grams
        )


@dataclass(frozen=True)
class LetterStats:
    """Everything the shipped file holds, built into lookup tables once per process."""

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
    spread = UNSEEN * len(letters - {PAD})  # UNSEEN for each letter that may follow a context
    return TrigramModel(
        {gram: math.log(count + UNSEEN) for gram, count in trigrams.items()},
        {context: math.log(count + spread) for context, count in contexts.items()},
        math.log(UNSEEN),
        math.log(spread),
    )


def layout_gain(typed: list[str], mapped: list[str], typed_in: str) -> float:
    """Nats per letter by which the words read better mapped to the other layout (``mapped``,
    in the other language) than as ``typed`` (in ``typed_in``, "ru" or "en"), each reading
    averaged over its own letters: clearly positive for a slip, negative for real words."""
    other_language = "en" if typed_in == "ru" else "ru"
    return mean_log_prob(other_language, mapped) - mean_log_prob(typed_in, typed)


def mean_log_prob(language: str, words: list[str]) -> float:
    """Log probability per letter (and word end) of the words under the language's model."""
    return sum(log_prob(language, w) for w in words) / max(1, sum(len(w) + 1 for w in words))


def translit_gain(words: list[str]) -> float:
    """Nats per letter by which lower-case Latin words read better as Russian spelt in Latin
    letters (read back through the usual romanisation: ``zavtra`` is «завтра») than as
    English: positive for transliterated Russian, negative for English words."""
    cyrillic = [romanised_to_cyrillic(w) for w in words]
    return mean_log_prob("ru", cyrillic) - mean_log_prob("en", words)


@lru_cache(maxsize=1 << 15)
def log_prob(language: str, word: str) -> float:
    """A word's log probability under the language's model ("ru" or "en"), remembered: the
    words of titles and headings recur from post to post and from call to call."""
    models = stats()
    return (models.ru if language == "ru" else models.en).log_prob(word)


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

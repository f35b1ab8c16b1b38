"""Decide the language of a text from the grammar of its prose.

Each sentence gets a frame: Cyrillic when Russian function words (or, lacking any, Cyrillic
words) carry it, Latin when English or other Latin-script function words do. Latin jargon inside
a Russian frame does not vote, which is what the letter-counting detectors get wrong. The frame
holding most prose words wins; then closed-class evidence tells Russian from its Cyrillic
neighbours and English from other Latin-script languages, transliteration and layout slips.
The fastText model is consulted only where that evidence runs out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from publisher.language import letters, lexicon, model
from publisher.language.prose import NAME_MARK, sentences

UNDETERMINED = "und"
TECH_NAMES = lexicon.TECH_NAMES
CYRILLIC_NEIGHBOURS = frozenset({"uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn", "ba", "tt"})
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*'?")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Latin letters that look like Russian ones, as left behind by PDF copies and OCR.
HOMOGLYPHS = str.maketrans("aceopxyAOCEHKMPTXBk", "асеорхуАОСЕНКМРТХВк")
LATIN_HOMOGLYPHS = str.maketrans("асеорхуАОСЕНКМРТХВк", "aceopxyAOCEHKMPTXBk")
OTHER_LATIN_LETTERS = re.compile(r"[äöüßéèêëàâçñáíóúãõłśżźćńęąčřšžěůışğœæøåîïôûù]")
# Russian has a hard sign only after a prefix, before е ё ю я.
NON_RUSSIAN_HARD_SIGN = re.compile(r"ъ(?![еёюя])")
TRANSLIT_SHAPE = re.compile(r"zh|kh|shch|sch|yj$|iy$|yy$|'$|ya$|yu|tsy|\w{3}[oe]go$")
# An English root with a Russian case or verb ending: ``pool'е``, ``rebase'нул``.
HYBRID = re.compile(r"[A-Za-z]+['’][а-яё]+$", re.I)
NUMBER = re.compile(r"\d")
ENGLISH_SHAPE = re.compile(r"[a-z]+(?:'[a-z]+)?")
LONE_LETTER = re.compile(r"(?<![\w'’.-])[a-z](?![\w'’.-])")
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
VOWELS = set("aeiouyаеёиоуыэюя")
MOJIBAKE_CODECS = ("cp1251", "cp1252", "latin-1")
# The lead bytes of UTF-8 Cyrillic (D0, D1) as cp1251 / Latin-1 show them, before a symbol.
MOJIBAKE_HINT = re.compile(r"[РС][\u00a0-\u00bf\u0402-\u040f\u0452-\u045f\u2013-\u2122]|[ÐÑ].")


@dataclass
class Evidence:
    """What the words of a text (or a sentence) say, counted."""

    cyrillic: list[str] = field(default_factory=list)
    latin: list[str] = field(default_factory=list)
    latin_names: int = 0
    ru_function: int = 0
    en_function: int = 0
    latin_other_function: int = 0
    translit_function: int = 0
    ru_morph: int = 0  # English roots with Russian endings (``pool'е``): Russian morphology
    product_names: int = 0  # camelCase and letter-digit names set aside (``GitHub``, ``k8s``)

    def add(self, other: Evidence) -> None:
        self.cyrillic += other.cyrillic
        self.latin += other.latin
        self.latin_names += other.latin_names
        self.ru_function += other.ru_function
        self.en_function += other.en_function
        self.latin_other_function += other.latin_other_function
        self.translit_function += other.translit_function
        self.ru_morph += other.ru_morph
        self.product_names += other.product_names

    @property
    def latin_function(self) -> int:
        return self.en_function + self.latin_other_function + self.translit_function


def judge_language(text: str) -> tuple[str, float]:
    """(language, confidence 0..1): ``"ru"``, ``"en"``, another ISO 639-1 code, or ``"und"``
    when there is no prose to judge (empty, emoji, code, names only) or it is garbage
    (transliteration, keyboard-layout slips, mojibake)."""
    model.load()  # the first call pays for loading, so later calls have an even latency
    letters.stats()  # and so it does for the letter statistics
    if not text or not text.strip():
        return UNDETERMINED, 1.0
    if is_mojibake(text):
        return UNDETERMINED, 0.9
    cyr_frame, lat_frame = Evidence(), Evidence()
    cyr_weight = lat_weight = 0.0
    for sentence in sentences(text):
        evidence = sentence_evidence(sentence)
        if not evidence.cyrillic and not evidence.latin:
            continue
        if is_cyrillic_frame(evidence):
            cyr_frame.add(evidence)
            cyr_weight += len(evidence.cyrillic) + len(evidence.latin)
        else:
            lat_frame.add(evidence)
            weight = len(evidence.latin) - evidence.latin_names
            lat_weight += weight if evidence.latin_function else weight / 2
    if cyr_weight == 0 and lat_weight == 0:
        if lat_frame.latin_names >= 1 or cyr_frame.cyrillic or lat_frame.latin:
            return judge_latin(lat_frame, 0.0, numbered(text))
        return UNDETERMINED, 1.0
    total = cyr_weight + lat_weight
    if cyr_weight >= lat_weight:
        return judge_cyrillic(cyr_frame, cyr_weight / total)
    return judge_latin(lat_frame, lat_weight / total, numbered(text))


def sentence_evidence(sentence: str) -> Evidence:
    evidence = Evidence(product_names=sentence.count(NAME_MARK))
    evidence.cyrillic, evidence.latin, evidence.ru_morph = split_scripts(WORD.findall(sentence))
    lone = LONE_LETTER.findall(sentence)  # one-letter words: Spanish "y", translit "v"
    latin_lower = [w.lower() for w in evidence.latin]
    evidence.en_function = sum(w in lexicon.EN_FUNCTION for w in latin_lower)
    evidence.latin_other_function = sum(w in lexicon.LATIN_OTHER_FUNCTION for w in latin_lower)
    evidence.latin_other_function += sum(w in lexicon.LATIN_OTHER_LETTER_WORDS for w in lone)
    evidence.translit_function = sum(w in lexicon.TRANSLIT_FUNCTION for w in latin_lower + lone)
    evidence.latin_names = sum(
        (w[0].isupper() and w.lower() not in lexicon.EN_FUNCTION) or w.lower() in TECH_NAMES
        for w in evidence.latin
    )
    if evidence.en_function and not any(w[0].islower() for w in evidence.cyrillic):
        evidence.cyrillic = []  # only capitalised Cyrillic in an English sentence: names
    evidence.ru_function = sum(w.lower() in lexicon.RU_FUNCTION for w in evidence.cyrillic)
    return evidence


def split_scripts(raw_words: list[str]) -> tuple[list[str], list[str], int]:
    """The Cyrillic and the Latin words of a sentence, look-alikes repaired, and how many are
    English roots with Russian endings. When look-alikes were repaired towards Latin (a PDF
    copy of English), Cyrillic words made only of look-alike letters (``а``, ``Тhe``) are
    Latin too: otherwise one ``а`` would be a Russian function word in an English sentence."""
    cyrillic: list[str] = []
    latin: list[str] = []
    morph = to_latin = 0
    for raw in raw_words:
        word = normalize_word(raw)
        morph += bool(HYBRID.match(raw))
        if CYRILLIC.search(word):
            cyrillic.append(word)
        elif LATIN.search(word) and (len(word) > 1 or word in "aAI"):
            latin.append(word)
            to_latin += word != raw  # the only change that leaves a word Latin
    if to_latin:
        look_alikes = [w.translate(LATIN_HOMOGLYPHS) for w in cyrillic]
        if not any(CYRILLIC.search(w) for w in look_alikes):
            return [], latin + look_alikes, morph
    return cyrillic, latin, morph


def normalize_word(word: str) -> str:
    """Repair look-alike letters of the other script: Latin ones inside Cyrillic words
    (``Вceм``), else Cyrillic ones inside Latin words (``Hеllо`` with Cyrillic е о, which would
    otherwise count as a Cyrillic word); an English root with a Russian ending (``squash'им``,
    ``PR'ы``) is a Russian word."""
    if CYRILLIC.search(word) and LATIN.search(word):
        repaired = word.translate(HOMOGLYPHS)
        if not LATIN.search(repaired):
            return repaired
        repaired = word.translate(LATIN_HOMOGLYPHS)
        if not CYRILLIC.search(repaired):
            return repaired
        root, _, ending = word.rpartition("'")
        if root and ending and CYRILLIC.match(ending):
            return ending
    return word


def is_cyrillic_frame(evidence: Evidence) -> bool:
    """The grammar comes from Cyrillic function words and inflected words; Latin function words
    pull the other way, Latin nouns don't pull at all. A Russian function word outweighs two
    English ones: English set phrases ("Sign in with Apple") live inside Russian sentences, while
    unquoted Russian grammar words inside English sentences are rare."""
    if not evidence.cyrillic:
        return False
    cyr_score = 4 * evidence.ru_function + (len(evidence.cyrillic) - evidence.ru_function)
    return cyr_score >= 2 * evidence.latin_function


def judge_cyrillic(evidence: Evidence, share: float) -> tuple[str, float]:
    words = [w.lower() for w in evidence.cyrillic]
    foreign = sum(non_russian(w) for w in words)
    russian = sum(w in lexicon.RU_ONLY_FUNCTION for w in words) + evidence.ru_morph
    if foreign and foreign >= 0.05 * len(words) and 2 * foreign > russian:
        return cyrillic_neighbour(" ".join(words)), min(1.0, 0.6 + 0.1 * foreign)
    if all(held_down(w) or keyboard_run(w, 4) for w in words):
        return UNDETERMINED, 0.6
    if not evidence.ru_function and reads_better_on_english_layout(words):
        return UNDETERMINED, 0.7
    if not russian and not any(set(w) & lexicon.RU_ONLY_LETTERS for w in words):
        top, prob = model.predict(" ".join(words), k=1)[0]
        if top in CYRILLIC_NEIGHBOURS and prob >= (0.9 if len(words) >= 3 else 0.95):
            return top, prob
    strength = min(1.0, 0.55 + 0.15 * evidence.ru_function + 0.05 * len(words))
    return "ru", round(strength * (0.5 + share / 2), 3)


def non_russian(word: str) -> int:
    """How strongly a word says "not Russian": a letter Russian lacks counts double, a word or
    a spelling Russian lacks counts once."""
    if set(word) & lexicon.NON_RUSSIAN_CYRILLIC:
        return 2
    return int(
        word in lexicon.CYRILLIC_OTHER_FUNCTION
        or bool(NON_RUSSIAN_HARD_SIGN.search(word))
        or bool(lexicon.NON_RUSSIAN_ENDING.search(word))
    )


def cyrillic_neighbour(text: str) -> str:
    for language, _ in model.predict(text, k=5):
        if language in CYRILLIC_NEIGHBOURS:
            return language
    return UNDETERMINED


def judge_latin(evidence: Evidence, share: float, with_number: bool) -> tuple[str, float]:
    words = [w.lower() for w in evidence.latin]
    if not words:
        return UNDETERMINED, 1.0
    other = evidence.latin_other_function + sum(
        bool(OTHER_LATIN_LETTERS.search(w) or lexicon.LATIN_OTHER_ENDING.search(w))
        or w in lexicon.LATIN_OTHER_WORDS
        for w in words
    )
    translit = evidence.translit_function + sum(
        bool(TRANSLIT_SHAPE.search(w)) and w not in lexicon.EN_FUNCTION for w in words
    )
    if sum(w in lexicon.LOREM for w in words) >= 2:
        return UNDETERMINED, 0.9
    if evidence.en_function > max(other, translit):
        strength = min(1.0, 0.6 + 0.1 * evidence.en_function)
        return "en", round(strength * (0.5 + share / 2), 3)
    if translit >= 2 and translit >= other:
        return UNDETERMINED, 0.7
    if is_layout_slip_latin(words):
        return UNDETERMINED, 0.7
    if other:
        return latin_neighbour(" ".join(evidence.latin)), min(1.0, 0.5 + 0.1 * other)
    if any(is_gibberish(w) for w in words):
        return UNDETERMINED, 0.6
    guesses = dict(model.predict(" ".join(evidence.latin), k=3))
    top, prob = max(guesses.items(), key=lambda item: item[1])
    english = guesses.get("en", 0.0)
    if top != "en" and prob >= 0.4 and prob >= 3 * english:
        return top, prob
    if evidence.latin_names == len(words) and only_names(evidence, words, english, with_number):
        return UNDETERMINED, 0.6  # "Redis Cluster", "Docker Compose", "Java 21"
    if len(words) >= 2 and letters.translit_gain(words) >= TRANSLIT_MARGIN:
        return UNDETERMINED, 0.6  # "Zavtra reliz": Russian in Latin letters, no listed word
    return "en", round(0.5 + 0.4 * english, 3)


def only_names(evidence: Evidence, words: list[str], english: float, with_number: bool) -> bool:
    """Capitalised Latin words without a function word: names, or an English heading?

    A known product name makes them names. One capitalised noun beside a product-like name is
    part of it ("GitHub Actions"). One capitalised word with a number is a product and its
    version ("Java 21", "Helm 3.16") unless it is one of English's common words, which take
    numbers as labels ("Release 2.0", "Error 502", "Step 3"): a frequency rule, not a list of
    products. Two or more are names unless the model hears English in them."""
    if any(w in TECH_NAMES for w in words):
        return True
    if len(words) >= 2:
        return english < 0.5
    word = words[0]
    if evidence.product_names and not word.endswith(("ing", "ed")):
        return True
    return with_number and not letters.is_common_english(word)


def numbered(text: str) -> bool:
    """The text holds a number or a version (``21``, ``3.16``, ``1.30 → 1.31``)."""
    return bool(NUMBER.search(text))


def latin_neighbour(text: str) -> str:
    for language, _ in model.predict(text, k=5):
        if language != "en":
            return language
    return UNDETERMINED


def is_gibberish(word: str) -> bool:
    """Keyboard runs (``qwe``, ``asdasd``), one letter held down (``aaaaaaa``, ``ккккк``) and
    vowelless strings are nobody's words."""
    if keyboard_run(word, 3):
        return True
    return held_down(word) or (len(word) >= 4 and not set(word) & VOWELS)


def keyboard_run(word: str, min_letters: int) -> bool:
    """A finger run along one keyboard row, once or over and over (``asdf``, ``qweqwe``,
    ``фывафыва``). Cyrillic needs four letters: ``про`` is on the home row and a word."""
    if len(word) < min_letters:
        return False
    for period in range(3, len(word) + 1):
        unit = word[:period]
        if (unit * (len(word) // period + 1))[: len(word)] == word:
            return any(unit in row for row in KEYBOARD_ROWS)
    return False


def held_down(word: str) -> bool:
    """One key held down: four or more of one letter and nothing else, in any script."""
    return len(word) >= 4 and len(set(word)) == 1


def is_layout_slip_latin(words: list[str]) -> bool:
    """Russian typed with the English layout (``ghbdtn`` is «привет»): converted back, its
    letters read far better as Russian than as typed English, or at least as well and it has
    Russian function words (``Jnrfpfkbcm jn Jenkins``). The letters must agree: a short word
    alone may map to one (``vs`` is «мы» in ``Tabs vs spaces``)."""
    if any(w in lexicon.EN_FUNCTION for w in words):
        return False
    converted = [w.translate(EN_TO_RU) for w in words]
    gain = letters.layout_gain(words, converted, "en")
    return gain >= SLIP_MARGIN or (gain >= 0 and any(w in lexicon.RU_FUNCTION for w in converted))


def reads_better_on_english_layout(words: list[str]) -> bool:
    """English typed on the Russian layout (``руддщ`` is "hello", ``зфеср`` "patch"): mapped back
    key for key, the words are English-shaped and read far better as English than they read as
    Russian, by the letter-trigram models of :mod:`publisher.language.letters`. No list of
    slipped words. Russian б ю ж sit on the comma, period and semicolon keys: at a word's end
    they are the typist's punctuation (``вщтуб`` is "done,"); inside it they make it no word."""
    typed, mapped = [], []
    for word in words:
        back = word.translate(RU_TO_EN)
        cut = len(back.rstrip(",.;:"))
        if not ENGLISH_SHAPE.fullmatch(back[:cut]):
            return False
        typed.append(word)  # Russian reads the whole word, a final ю б ж included
        mapped.append(back[:cut])
    if sum(map(len, mapped)) < 3:  # "ру" (he), "руб" (hu,): two letters read well anywhere
        return False
    return letters.layout_gain(typed, mapped, "ru") >= SLIP_MARGIN


def is_mojibake(text: str) -> bool:
    """UTF-8 Russian decoded as cp1251 or Latin-1 (``Р РµР»РёР·``): re-encoding restores it."""
    if not MOJIBAKE_HINT.search(text):
        return False
    chunks = [c for c in text.split() if len(c) >= 2]
    if not chunks:
        return False
    restored = sum(restores_cyrillic(chunk) for chunk in chunks)
    return restored >= max(1, len(chunks) // 2)


def restores_cyrillic(chunk: str) -> bool:
    for codec in MOJIBAKE_CODECS:
        try:
            fixed = chunk.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != chunk and CYRILLIC.search(fixed):
            return True
    return False


EN_TO_RU = str.maketrans(lexicon.LAYOUT_EN, lexicon.LAYOUT_RU)
# Nats per letter: slips gain 1.05 to 4.1 on the tuning sets, words of their Russian texts at
# most 0.6; 50 of wordfreq's 61k frequent Russian words would pass it alone (``вуз``, ``щас``).
SLIP_MARGIN = 1.0
# Nats per letter: transliterated Russian reads 0.9 to 2.0 better as Russian, English titles
# without function words at most -0.15 (single words up to 1.0: "Karma", hence two words).
TRANSLIT_MARGIN = 1.0
RU_TO_EN = str.maketrans(lexicon.LAYOUT_RU, lexicon.LAYOUT_EN)

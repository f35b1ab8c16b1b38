"""What one line is, judged from its text alone.

``classify`` is pure and depends only on the line's text, so the selector can cache its answer
by the line's shape (digits collapsed) and pay for it once per distinct shape instead of once
per line: a million-line log of one repeated message costs one classification.
"""

from __future__ import annotations

__all__ = ["MACHINE_KINDS", "NOISE_KINDS", "Kind", "LineInfo", "classify", "kind_of"]

import re
from itertools import pairwise

from publisher.selector.kinds import (
    BASE,
    MACHINE_KINDS,
    NOISE_KINDS,
    REASON,
    Kind,
    LineInfo,
)
from publisher.selector.signals import (
    ANSI_RE,
    ARROW_RE,
    BEFORE_AFTER,
    BEFORE_AFTER_WORDS,
    BLOB_RE,
    CATEGORIES,
    CHATTER_RE,
    CODE_ENDS,
    CODE_RE,
    CODE_SYMBOL_RE,
    COMMENT_MARKS,
    COMMENT_RE,
    CONFIG_RE,
    CYRILLIC_RE,
    DIGIT_RE,
    FIX_HEADER_RE,
    GUTTER_CHARS,
    HEX_PAIRS_RE,
    KEY_RE,
    LIB_PATH_RE,
    LINE_START_RE,
    LIST_RE,
    LOG_LEVEL_BAD_RE,
    MAX_STEM,
    MIN_STEM,
    NUMBER_UNIT_RE,
    PHRASES,
    PROGRESS,
    PROGRESS_BLOCKS_RE,
    RESULT_HEADER_RE,
    STEMS,
    TEST_PASS_END,
    TEST_PASS_END_RE,
    WORD_RE,
)

# classify runs once per distinct line shape; a module global is found four times faster
# than an Enum member (``Kind.PROSE``), so the hot paths use these.
PROSE, LIST, CHATTER, CODE, TABLE = Kind.PROSE, Kind.LIST, Kind.CHATTER, Kind.CODE, Kind.TABLE
HEADING = Kind.HEADING
PROSE_OR_LIST = frozenset({PROSE, LIST})


def classify(text: str) -> LineInfo:
    """Kind, text-only score and the main reason for one non-blank line."""
    if "\x1b" in text:
        text = ANSI_RE.sub("", text)
    s = text.strip()
    if not s:
        return _ANSI_ONLY
    if s.startswith(("```", "~~~")):
        return _NOISE_INFO[Kind.FENCE]
    kind = kind_of(s)
    if kind in NOISE_KINDS:  # library frames and trace boilerplate too: words do not count
        return _NOISE_INFO[kind]
    return _score(kind, s)


def kind_of(s: str) -> Kind:
    """The kind of a stripped line by what it starts with and its form, before any scoring."""
    start = LINE_START_RE.match(s)
    found = start.lastgroup if start else None
    return _noise_kind(s, found) or _structural_kind(s, start, found)


def _noise_kind(s: str, found: str | None) -> Kind | None:
    """``found``: what the line starts with, the name of a ``LINE_START_RE`` alternative."""
    if found == "separator" or found == "tool":
        return _NOISE_START[found]
    if _is_progress(s):
        return Kind.PROGRESS
    if found == "install":
        return Kind.INSTALL
    if found == "test" or (s.endswith(TEST_PASS_END) and TEST_PASS_END_RE.search(s)):
        return Kind.TEST_PASS
    if found == "hexdump" or (len(s) >= 60 and _is_blob(s)):
        return Kind.BLOB
    if found == "json":  # a `"key": value` pair is a setting; brackets alone are volume
        return None if '":' in s or '" :' in s else Kind.JSON
    return None


_NOISE_START = {"separator": Kind.SEPARATOR, "tool": Kind.TOOL}
_NOISE_INFO = {kind: LineInfo(kind, BASE[kind], kind.value) for kind in NOISE_KINDS}
_ANSI_ONLY = LineInfo(Kind.SEPARATOR, BASE[Kind.SEPARATOR], "ANSI codes only")


def _is_progress(s: str) -> bool:
    if not s.isascii() and PROGRESS_BLOCKS_RE.search(s):  # isascii() costs nothing
        return True
    return _progress_hint(s) and _any_form(s, PROGRESS)


def _progress_hint(s: str) -> bool:
    """Does the line hold a string that some progress form cannot match without (`%|`,
    `it/s`, `s/it`, `eta `, `[=`, `[#`, `<`)? Most lines hold none, and each ``in`` test
    scans the whole line: a single character is found fastest (``memchr``), so the strings
    that share one are looked for only if it is there (five scans instead of seven, two of
    them ``memchr``; 3.6M -> 1.8M instructions on the dev notes' shapes)."""
    return (
        "<" in s
        or "eta " in s
        or ("%" in s and "%|" in s)
        or ("/" in s and ("it/s" in s or "s/it" in s))
        or ("[" in s and ("[=" in s or "[#" in s))
    )


# `python:3.12-slim@sha256:4f1c…`: the address of an image or a file, not encoded data.
DIGEST_RE = re.compile(r"sha(?:1|256|512):[0-9a-f]{40,}")
_NOT_HEX = bytes(set(range(256)) - set(b"0123456789abcdefABCDEF"))
# Is there a run of 40 characters or more without whitespace (what ``str.split`` splits
# on: ``\s`` is the same test)? Read word by word from the line's start: the possessive
# repeats never go back into a word, so each character is looked at once, and no string
# is made per word as ``max(map(len, s.split())) >= 40`` did (3.4M -> 2.3M instructions
# on the dev notes' long lines). A search for ``\S{40}`` would retry at every character.
LONG_RUN_RE = re.compile(r"(?:\S{0,39}+\s)*+\S{40}")


def _is_blob(s: str) -> bool:
    if "sha" in s:  # a digest is read as the word it stands for
        s = DIGEST_RE.sub("sha256", s)
    # Runs of 40+ characters without a space are rare outside blobs; without one, only
    # space-separated hex pairs can match, and only where there are 48 hex digits at all.
    if LONG_RUN_RE.match(s):
        match = BLOB_RE.search(s)
    elif len(s.encode(errors="replace").translate(None, _NOT_HEX)) >= 48:
        match = HEX_PAIRS_RE.search(s)
    else:
        return False
    if match is None:
        return False
    token = match.group(0)
    if token.count("/") > len(token) // 12 or token.count("-") > len(token) // 12:
        return False  # a path or a slug, not encoded data
    return len(token) * 2 >= len(s) or len(s) > 200


def _structural_kind(s: str, start: re.Match[str] | None, found: str | None) -> Kind:
    if start is None or found is None:
        return PROSE
    if found == "py_frame" or found == "warning_frame":
        path = start.group("py_path") or start.group("warning_path")
        return Kind.LIB_FRAME if LIB_PATH_RE.search(path) else Kind.APP_FRAME
    if found == "frame":
        # Transcript gutters (⎿, │) are not part of the frame a library pattern looks at.
        body = s.lstrip(GUTTER_CHARS)
        return Kind.LIB_FRAME if LIB_PATH_RE.search(body) else Kind.APP_FRAME
    if found == "log":
        return Kind.ERROR if LOG_LEVEL_BAD_RE.search(s) else Kind.LOG
    if found == "diff":
        return Kind.DIFF_ADD if start.group("sign") == "+" else Kind.DIFF_DEL
    return _STRUCTURE[found]


_STRUCTURE = {
    "boilerplate": Kind.TRACE,
    "diff_header": Kind.DIFF_HEADER,
    "exception": Kind.ERROR,
    "error": Kind.ERROR,
    "heading": Kind.HEADING,
    "json": Kind.CONFIG,
    "shell": Kind.SHELL,
    "list": Kind.LIST,
    "listing": Kind.TABLE,
}


STORY_KINDS = frozenset({Kind.PROSE, Kind.LIST, Kind.HEADING, Kind.CHATTER})
EXPLAINING_KINDS = frozenset({Kind.PROSE, Kind.LIST, Kind.HEADING})
KEYED_KINDS = frozenset({Kind.CODE, Kind.CONFIG, Kind.DIFF_ADD, Kind.DIFF_DEL})


def _score(kind: Kind, s: str) -> LineInfo:
    """Kind and text-only score of a line that is not noise, in named steps.

    The score is the kind's base plus the gains of each step; the largest gain (the first
    of equals) names the line unless it is small or has no name.
    """
    lowered = s.lower()
    tokens = WORD_RE.findall(lowered)
    cyrillic = not s.isascii() and CYRILLIC_RE.search(lowered) is not None
    kind = _refined_kind(kind, s, tokens, cyrillic)
    # Words and figures count fully in what the author wrote, half in machine output.
    weight = 1.0 if kind in STORY_KINDS else 0.5
    hits = _categories(tokens)
    gains = _signal_gains(hits, weight) if hits else []
    if DIGIT_RE.search(lowered):
        gains.append(_figure_gain(s, lowered, weight))
    gains += _kind_gains(kind, s, len(tokens), cyrillic, hits)
    # Every section header ends so; most lines do not (a cheap gate in front of the step).
    opens = _opens_section(s) if s.endswith((":", "**")) else None
    if opens is not None:
        gains.append((0.5, "section header"))
    score, base_reason = _BASE_GAIN[kind]
    top, reason = -9.0, ""
    for gain, name in gains:
        score += gain
        if gain > top:
            top, reason = gain, name
    key_match = KEY_RE.match(s) if kind in KEYED_KINDS else None
    return LineInfo(
        kind,
        round(score, 3),
        reason if top > 0.3 and reason else base_reason,
        len(tokens),
        opens,
        key_match.group(1).lower() if key_match else None,
        _explains(hits, s, kind, opens) if hits or opens else None,
    )


def _refined_kind(kind: Kind, s: str, tokens: list[str], cyrillic: bool) -> Kind:
    """Step 1: prose and list items that are really code, config, a table or chatter, and
    `# ` comments that are the author's sentences rather than headings."""
    if kind is HEADING:
        return PROSE if _comment_sentence(s, tokens) else kind
    if kind not in PROSE_OR_LIST:
        return kind
    if s.startswith("> ") and tokens:
        return kind  # a user's turn in a transcript ("> ship it") is words, however short
    kind = _prose_or_code(kind, s, len(tokens), len("".join(tokens)), cyrillic)
    if kind is PROSE and _chatter(s, tokens):
        return CHATTER
    return kind


def _chatter(s: str, tokens: list[str]) -> bool:
    """Words that announce or acknowledge and find nothing ("Let me check the logs.",
    "Готово.", "⏺ Running it again."). An opener with a figure or a code span says something
    ("Готово: 412 запросов → 10, 2841 мс → 138 мс", "I'll register a typed client through
    `IHttpClientFactory`…"): it is the result or the fix in the assistant's words."""
    opener = CHATTER_RE.match(_speaker_stripped(s)) is not None or _narration(s, tokens)
    return opener and "`" not in s and DIGIT_RE.search(s) is None


def _comment_sentence(s: str, tokens: list[str]) -> bool:
    """A `# ` line of a dozen words or one ending in a full stop is a sentence: an author's
    comment in a terminal log ("# so the warning WAS related: …"), not a title, which is
    short and unpunctuated."""
    return len(tokens) >= COMMENT_SENTENCE_WORDS or s.endswith(".")


COMMENT_SENTENCE_WORDS = 12


def _narration(s: str, tokens: list[str]) -> bool:
    """An assistant's turn of four words or fewer ("⏺ Теперь проверю конфигурацию.",
    "⏺ Running it again.") narrates what comes next; it finds nothing."""
    return s.startswith("⏺") and len(tokens) <= NARRATION_WORDS


NARRATION_WORDS = 4


def _signal_gains(hits: set[str], weight: float) -> list[tuple[float, str]]:
    """Step 2: signal words by category (cause, fix, result, decision, symptom, check)."""
    category_gains = _CATEGORY_GAINS[weight]
    return [category_gains[category] for category in hits]


def _figure_gain(s: str, lowered: str, weight: float) -> tuple[float, str]:
    """Step 3: figures with units, more for a before/after pair (`4.6 s → 179 ms`)."""
    if _before_after(s, lowered):
        return 1.5 * weight, "numbers before/after"
    return 0.6 * min(len(NUMBER_UNIT_RE.findall(lowered)), 3) * weight, "numbers"


def _kind_gains(
    kind: Kind, s: str, words: int, cyrillic: bool, hits: set[str]
) -> list[tuple[float, str]]:
    """Step 4: what the kind adds: prose length, Russian, a user prompt, a code comment."""
    if kind in PROSE_OR_LIST:
        gains = [(min(1.5, words / 8), "")]
        if cyrillic:
            gains.append((0.3, ""))  # Russian in a dev note is the author's own words
        if s.startswith(">") and words >= 4:
            gains.append((0.8, "problem (user)"))
        return gains
    if kind is CHATTER and hits:
        return [(-0.5 * len(hits), "")]  # narration keeps half of what its words earn
    if kind in KEYED_KINDS and _commented(s):
        return [(1.0, "commented code")]
    return []


def _opens_section(s: str) -> str | None:
    """Step 5: a header such as `Fix:` or `Results:` opens a section for the lines under it."""
    if FIX_HEADER_RE.match(s) is not None:
        return "fix"
    return "result" if RESULT_HEADER_RE.match(s) is not None else None


def _explains(hits: set[str], s: str, kind: Kind, opens: str | None) -> str | None:
    """Step 6: a statement of a fix or a cause, whose code the next lines may show."""
    if opens == "fix":
        return "fix"
    if kind not in EXPLAINING_KINDS:
        return None
    what = "fix" if "fix" in hits else "cause" if "cause" in hits else None
    if what is not None and _commented(s):
        return None  # `x = 1   # fixed in 2023` is code with a comment, not a statement
    return what


_BASE_GAIN = {kind: (BASE[kind], REASON.get(kind, kind.value)) for kind in Kind}
_CATEGORY_GAINS = {
    weight: {name: (value * weight, reason) for name, (value, reason) in CATEGORIES.items()}
    for weight in (1.0, 0.5)
}


def _contains_any(text: str, needles: tuple[str, ...]) -> bool:
    """A cheap gate in front of a costly search. A plain loop of ``in`` tests: calling the
    bound ``text.__contains__`` through ``any(map(...))`` costs more per needle than the
    loop's bytecode (0.53 against 0.82 µs for the seven progress hints)."""
    for needle in needles:  # noqa: SIM110
        if needle in text:
            return True
    return False


def _any_form(text: str, forms: tuple[tuple[str, re.Pattern[str]], ...]) -> bool:
    """Does one of ``forms`` occur in ``text``? Each is searched for only if the string it
    cannot match without is there: one pattern of alternatives that start with no fixed
    character is tried at every position of the line, and most lines hold none of them."""
    for word, form in forms:  # noqa: SIM110 (a loop: no generator frame per line)
        if word in text and form.search(text):
            return True
    return False


def _before_after(s: str, lowered: str) -> bool:
    """A pair of figures, before and after, in any of the forms a note writes one."""
    if _arrow_hint(s) and ARROW_RE.search(s):
        return True
    return _contains_any(lowered, BEFORE_AFTER_WORDS) and _any_form(lowered, BEFORE_AFTER)


def _arrow_hint(s: str) -> bool:
    """Does the line hold an arrow (`→`, `->`, `=>`, `⇒`)? ASCII lines (most) answer the
    two non-ASCII ones at once, and ``>`` is one ``memchr`` in front of the other two
    (0.97M -> 0.52M instructions on the dev notes' lines with digits)."""
    return "→" in s or "⇒" in s or (">" in s and ("->" in s or "=>" in s))


def _commented(s: str) -> bool:
    return _contains_any(s, COMMENT_MARKS) and COMMENT_RE.search(s) is not None


def _speaker_stripped(s: str) -> str:
    return s.lstrip("⏺●>*-• \t")


def _prose_or_code(kind: Kind, s: str, words: int, letters: int, cyrillic: bool) -> Kind:
    """Prose has mostly letters in words; code and config have symbols and few words."""
    body = LIST_RE.sub("", s, count=1) if kind is LIST else s
    if cyrillic and words >= 3 and not _commented(body):
        return kind
    if body.endswith(CODE_ENDS) or CODE_RE.match(body):
        return CODE
    if _columns(body):
        return TABLE
    if words >= 5 and letters >= 0.55 * len(body):
        return kind
    if CONFIG_RE.match(body) and len(body) <= 120:
        return Kind.CONFIG
    digits = len(DIGIT_RE.findall(body))
    if words <= 3 and digits >= 2 and digits + body.count(" ") >= 0.5 * len(body):
        return TABLE
    if words >= 4 and letters >= 0.45 * len(body):
        return kind
    symbols = len(CODE_SYMBOL_RE.findall(body))
    if symbols >= 3 or body.endswith((";", "{", "}", ")", ",", ":")):
        return CODE
    if words <= 2:
        return TABLE if digits else CODE
    return kind


def _columns(body: str) -> bool:
    """A row of columns (`kubectl get events`, `docker ps`, `df -h`): fields set apart by runs
    of spaces, three gaps or more. Prose puts one space between words; two after a full stop
    at most, which is not a gap here."""
    return body.count("  ") >= COLUMN_GAPS and len(COLUMN_GAP_RE.findall(body)) >= COLUMN_GAPS


COLUMN_GAPS = 3
COLUMN_GAP_RE = re.compile(r"(?<=[^\s.!?;:,])  +(?=\S)")


def _categories(tokens: list[str]) -> set[str]:
    """The signal categories of a line's words, and of its two-word phrases (`root cause`)."""
    found = set(map(_TOKEN_CATEGORY.__getitem__, tokens))
    found.discard(None)
    if not _PHRASE_STARTS.isdisjoint(tokens):
        for first, second in pairwise(tokens):
            phrase = PHRASES.get(first)
            if phrase is not None:
                found.update(cat for stem, cat in phrase.items() if second.startswith(stem))
    return found  # type: ignore[return-value]


TOKEN_CACHE_MAX = 50_000
_PHRASE_STARTS = frozenset(PHRASES)


class _TokenCategories(dict[str, str | None]):
    """Words repeat across lines far more than lines do: one prefix search per distinct word."""

    def __missing__(self, token: str) -> str | None:
        category = _token_category(token)
        if len(self) < TOKEN_CACHE_MAX:
            self[token] = category
        return category


_TOKEN_CATEGORY = _TokenCategories()


def _token_category(token: str) -> str | None:
    stems = STEMS
    for k in range(MIN_STEM, min(len(token), MAX_STEM) + 1):
        category = stems.get(token[:k])
        if category is not None:
            return category
    return None

"""Values next to a name: the shared shape of a value, and the ``name = value`` detectors.

``KEY=value`` (.env, shell, TOML, INI), ``key: value`` (YAML, JSON, HTTP-ish logs),
``.netrc`` lines and Russian prose (``пароль от базы: …``). What the name says
(``names.strength``) decides how secret-looking the value must be; ``filters`` spares
placeholders. Same-shape values are told apart here: a 32-hex string after ``SENTRY_KEY=`` is a
key, the same shape after ``trace_id=`` is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.redact.filters import (
    allowed_in_prose,
    is_content_address,
    is_placeholder,
    is_public,
    looks_like_password,
    looks_random,
)
from publisher.redact.names import Strength, kind_of, qualified_away, strength, words_of

Span = tuple[str, int, int]

VALUE = (
    r"""(?P<val>"[^"\n]{1,400}"|'[^'\n]{1,400}'|`[^`\n]{1,400}`|‹[^›\n]{1,60}›"""
    r"""|(?:[^\s"'`,;<>(){}\[\]]|\{[^\s{}]{1,40}\}){1,400})"""
)
NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-$")
NAME_KEYWORDS = ("pass", "pwd", "secret", "token", "key", "auth", "cred")
TAIL_RE = re.compile(
    r"""["'\]]?(?:(?:[ \t]+[A-Z][a-z]+){0,3}[ \t]+\[[^\]\n]{0,20}\])?[ \t]*"""
    r"""(?P<sep>:=|=>|==|=|:|\s+(?:is|was|это|был|была|было|—|–)\s+|[ \t]{2,}(?=\S+[ \t]*$))"""
    r"""[ \t]*""" + VALUE
)
RU_RE = re.compile(
    r"""(?i)(?P<word>\b(?:парол(?:ь|я|ем|и)|токен(?:а|ом|ы|у)?|ключ(?:а|ом|и|у)?"""
    r"""|секрет(?:а|ом|ы|у)?)\b)"""
    r"""(?P<qual>(?:\s+[\w\-./]{1,30}){0,4}?)\s*"""
    r"""(?P<sep>[:=—–-]|\s(?:это|будет|был|была|было))\s*""" + VALUE
)
BARE_RE = re.compile(
    r"""(?i)\b(?P<word>passwords?|passphrase|passwd|tokens?|secret|парол[ьяеи]|токен\w{0,2}"""
    r"""|секрет\w{0,2})\s+(?:(?:от|для|к|for|of)\s+[\w\-.]{1,30}\s+)?(?P<val>`[^`\n]{8,200}`|"[^"\n]{8,200}"|'[^'\n]{8,200}'"""
    r"""|[^\s`'"<>(){}\[\],;]{8,200})"""
)
PHRASE_WORDS = 3  # words before a bare ``key`` read as its qualifiers
PROSE_SEPARATORS = ("is", "was", "это", "был", "была", "было", "—", "–")
NETRC_RE = re.compile(r"""\b(?:password|passwd)\s+(?P<val>\S+)""", re.IGNORECASE)
NETRC_LINE = re.compile(
    r"^\s*(?:machine|default)\b|^\s*password\s+\S+\s*$|\blogin\s+\S+\s+password\b"
)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        return value[1:-1].strip(" ")  # spaces from an unescaped \" (see context_matches)
    if value.endswith(("...", "…")):  # an elided value (sk-ant-...) is kept whole: a mask
        return value
    trimmed = value.rstrip(".,:;)]}>")
    if trimmed.count("{") > trimmed.count("}"):  # the brace closes a field (user:{id})
        return value[: value.rfind("}") + 1]
    return trimmed


def _value_span(match: re.Match[str], group: str, offset: int) -> tuple[int, int, str]:
    raw = match.group(group)
    value = _unquote(raw)
    start = offset + match.start(group) + raw.find(value)
    return start, start + len(value), value


def _names(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each distinct word-ish name in ``line`` that holds a name keyword."""
    lowered = line.lower()
    seen: set[int] = set()
    for keyword in NAME_KEYWORDS:
        pos = lowered.find(keyword)
        while pos != -1:
            start = pos
            while start > 0 and line[start - 1] in NAME_CHARS:
                start -= 1
            end = pos + len(keyword)
            while end < len(line) and line[end] in NAME_CHARS:
                end += 1
            if start not in seen:
                seen.add(start)
                yield start, end
            pos = lowered.find(keyword, end)


def _keyval_accepts(name: str, match: re.Match[str], value: str, first: bool) -> bool:
    """Whether the value after a secret-sounding name is a secret (see ``names.Strength``).

    A name and value parted only by spaces (``secret_key    v9hF…`` in ``vault read`` output)
    count when the name starts the line and the value ends it (``first``)."""
    level = strength(name)
    sep = match.group("sep").strip()
    if level is Strength.NONE or is_public(value) or (not sep and not first):
        return False
    if sep in PROSE_SEPARATORS and match.group("val")[0] not in "\"'`":
        return allowed_in_prose(value)
    if level is Strength.WEAK or sep == "==":
        return _weak_accepts(value)
    return looks_like_password(value)


def _weak_accepts(value: str) -> bool:
    """After a bare ``key``/``auth`` only a random-looking value counts, and not a label
    with a digest (``Cache saved with key: deps-Linux-<sha256>``): that is a cache key."""
    return looks_random(value, 12) and not is_placeholder(value) and not is_content_address(value)


def keyval(line: str, offset: int) -> Iterator[Span]:
    """``name <sep> value`` where the name says secret (``DB_PASSWORD=…``, ``"apiKey": "…"``)."""
    for start, end in _names(line):
        name = line[start:end].rstrip(".-")
        match = TAIL_RE.match(line, start + len(name))
        if match is None or _qualified_in_prose(line[:start], name):
            continue
        v_start, v_end, value = _value_span(match, "val", offset)
        if _keyval_accepts(name, match, value, not line[:start].strip()):
            yield kind_of(words_of(name)), v_start, v_end


def _qualified_in_prose(before: str, name: str) -> bool:
    """A bare ``key`` that the words just before it make a non-secret one, as a name's own
    words would (``cache_key``): ``build cache key:``, ``Cache restored from key:``."""
    if strength(name) is not Strength.WEAK:
        return False
    return qualified_away(before.split()[::-1][:PHRASE_WORDS])


def _names_data(match: re.Match[str]) -> bool:
    """``ключ идемпотентности``, ``токен кэша``: a key or token qualified as data. A password
    or a secret stays one whatever it is for (``пароль кэша`` is a credential)."""
    word = match.group("word").lower()
    return word.startswith(("ключ", "токен")) and qualified_away(match.group("qual").split())


def russian(line: str, offset: int) -> Iterator[Span]:
    """``пароль от базы: …``, ``токен бота — …``: after ``:``/``=`` or in quotes any value that
    is not a placeholder; after a dash or ``был``/``это`` one that looks like a secret. The
    words between name a non-secret key as in English (``ключ идемпотентности = …``)."""
    for match in RU_RE.finditer(line):
        if _names_data(match):
            continue
        start, end, value = _value_span(match, "val", offset)
        formal = match.group("sep").strip() in (":", "=") or match.group("val")[0] in "\"'`"
        if looks_like_password(value) if formal else allowed_in_prose(value):
            yield kind_of(words_of(match.group("word"))), start, end


def netrc(line: str, offset: int) -> Iterator[Span]:
    if not NETRC_LINE.search(line.lower()):
        return
    for match in NETRC_RE.finditer(line):
        start, end, value = _value_span(match, "val", offset)
        if looks_like_password(value):
            yield "password", start, end


def bare(line: str, offset: int) -> Iterator[Span]:
    """A value right after the word, no separator (``пароль Qwerty123! не подошёл``, ``token
    x8Kq…``): only one that looks generated (letters and digits, 8+ chars, not a slug)."""
    for match in BARE_RE.finditer(line):
        start, end, value = _value_span(match, "val", offset)
        if looks_random(value, 8) and not value.startswith(("/", "http", "--")):
            yield kind_of(words_of(match.group("word"))), start, end

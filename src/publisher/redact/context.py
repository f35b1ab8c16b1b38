"""Secrets known by where they stand: ``KEY=value``, ``--password x``, ``Authorization: …``.

Only lines holding one of ``KEYWORDS`` are looked at (found with ``str.find`` on the lowered
text, which is far cheaper than a regex over every line), and each such line is matched once by
a few combined patterns. What the name says (``names.strength``) decides how secret-looking the
value must be; ``filters`` spares placeholders. Same-shape values are told apart here: a 32-hex
string after ``SENTRY_KEY=`` is a key, the same shape after ``trace_id=`` is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.redact.filters import (
    allowed_in_prose,
    is_placeholder,
    looks_like_password,
    looks_random,
)
from publisher.redact.names import Strength, kind_of, strength, words_of

Span = tuple[str, int, int]

KEYWORDS = (
    "pass", "pwd", "secret", "token", "key", "auth", "cred", "bearer", "basic", "session",
    "cookie", "dsn", "salt", "sig", "-p", "-u", "-a ", "пароль", "токен", "ключ", "секрет",
)  # fmt: skip

VALUE = (
    r"""(?P<val>"[^"\n]{1,400}"|'[^'\n]{1,400}'|`[^`\n]{1,400}`|‹[^›\n]{1,60}›"""
    r"""|[^\s"'`,;<>(){}\[\]]{1,400})"""
)
KEYVAL_RE = re.compile(
    r"""(?P<name>[$]?[\w.\-]*[\w])["'\]]?[ \t]*"""
    r"""(?P<sep>:=|=>|==|=|:|\s+(?:is|was|это|—|–)\s+)[ \t]*"""
    r"""(?:\[\w+\]:\s*)?""" + VALUE,  # aws configure: "AWS Secret Access Key [None]: value"
)
HEADER_RE = re.compile(
    r"""(?i)(?:authorization|proxy-authorization)["']?\s*[:=]\s*["']?"""
    r"""(?:(?P<scheme>bearer|basic|token|bot|digest|apikey|sso-key)\s+)?(?P<val>[\w\-.~+/=:]{8,})"""
    r"""|\bbearer\s+(?P<bare>[\w\-.~+/=]{12,})"""
    r"""|(?P<hname>(?:x-[\w-]*|private-|api-|auth-)(?:key|token|auth|secret)[\w-]*)["']?\s*:\s*"""
    r"""["']?(?P<hval>[\w\-.~+/=:]{8,})"""
)
FLAG_RE = re.compile(
    r"""(?:^|\s)--?(?P<flag>[a-z][\w-]*(?:pass(?:word|wd|phrase)?|token|secret|api-?key|"""
    r"""auth|key)|password|pass|token|secret)(?:=|\s+)"""
    + VALUE
    + r"""|\bsshpass\s+-p\s*"""
    + VALUE.replace("val", "ssh")
    + r"""|\s-p(?P<my>'[^'\n]+'|"[^"\n]+"|[^\s'"-][^\s]*)(?=\s|$)"""
    + r"""|\s(?:-u|--user)\s+["']?(?P<user>[^\s:'"]+):(?P<upw>[^\s'"@]+)"""
    + r"""|\bredis-cli\b.*?\s-a\s+(?P<redis>\S+)"""
)
RU_RE = re.compile(
    r"""(?i)(?P<word>пароль|парол[ьяеи]м?|токен\w*|ключ\w*|секрет\w*)"""
    r"""(?:\s+(?:от|для|к)\s+[\w\-.]{1,30}(?:\s+[\w\-.]{1,30})?)?\s*(?:[:=—–-]|это|будет)\s*"""
    + VALUE
)
NETRC_RE = re.compile(r"""\b(?:password|passwd)\s+(?P<val>\S+)""", re.IGNORECASE)
MYSQL_LINE = re.compile(r"\b(?:mysql|mariadb|mysqldump|mysqladmin)\b")
NETRC_LINE = re.compile(r"^\s*(?:machine|default|password)\b|\blogin\s+\S+\s+password\b")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        return value[1:-1]
    return value.rstrip(".,:;)]}>")


def candidate_lines(text: str, lowered: str) -> list[tuple[int, int]]:
    """(start, end) of every line that holds a keyword, in order, each once."""
    starts: set[int] = set()
    for keyword in KEYWORDS:
        pos = lowered.find(keyword)
        while pos != -1:
            start = text.rfind("\n", 0, pos) + 1
            starts.add(start)
            end = text.find("\n", pos)
            pos = lowered.find(keyword, end) if end != -1 else -1
    spans = []
    for start in sorted(starts):
        end = text.find("\n", start)
        spans.append((start, len(text) if end == -1 else end))
    return spans


def _value_span(match: re.Match[str], group: str, offset: int) -> tuple[int, int, str]:
    raw = match.group(group)
    value = _unquote(raw)
    start = offset + match.start(group) + raw.find(value)
    return start, start + len(value), value


def _keyval(line: str, offset: int) -> Iterator[Span]:
    for match in KEYVAL_RE.finditer(line):
        name, sep = match.group("name"), match.group("sep").strip()
        level = strength(name)
        if level is Strength.NONE:
            continue
        start, end, value = _value_span(match, "val", offset)
        if sep in ("is", "was", "это", "—", "–") and match.group("val")[0] not in "\"'`":
            accept = allowed_in_prose(value)
        elif level is Strength.WEAK or sep == "==":
            accept = looks_random(value, 12) and not is_placeholder(value)
        else:
            accept = looks_like_password(value)
        if accept:
            yield kind_of(words_of(name)), start, end


def _headers(line: str, offset: int) -> Iterator[Span]:
    for match in HEADER_RE.finditer(line):
        group = next(g for g in ("val", "bare", "hval") if match.group(g))
        start, end, value = _value_span(match, group, offset)
        if is_placeholder(value):
            continue
        scheme = (match.group("scheme") or "").lower()
        yield ("basic-auth" if scheme == "basic" else "bearer-token"), start, end


def _flags(line: str, offset: int) -> Iterator[Span]:
    for match in FLAG_RE.finditer(line):
        if match.group("my") and not MYSQL_LINE.search(line):
            continue
        for group in ("val", "ssh", "my", "upw", "redis"):
            if match.group(group):
                start, end, value = _value_span(match, group, offset)
                weak = group == "val" and strength(match.group("flag")) is Strength.WEAK
                if weak and not looks_random(value, 12):
                    break
                if looks_like_password(value) and not value.startswith("-"):
                    yield "password", start, end
                break


def _russian(line: str, offset: int) -> Iterator[Span]:
    for match in RU_RE.finditer(line):
        start, end, value = _value_span(match, "val", offset)
        if allowed_in_prose(value) or (
            match.group("val")[0] in "\"'`" and looks_like_password(value)
        ):
            yield kind_of(words_of(match.group("word"))), start, end


def _netrc(line: str, offset: int) -> Iterator[Span]:
    if not NETRC_LINE.search(line.lower()):
        return
    for match in NETRC_RE.finditer(line):
        start, end, value = _value_span(match, "val", offset)
        if looks_like_password(value):
            yield "password", start, end


DETECTORS = (_keyval, _headers, _flags, _russian, _netrc)


def context_matches(text: str, lowered: str) -> list[Span]:
    """(kind, start, end) of values that their key, flag or header marks as secrets."""
    found: list[Span] = []
    for start, end in candidate_lines(text, lowered):
        line = text[start:end]
        for detector in DETECTORS:
            found.extend(detector(line, start))
    return found

"""``redact(text)``: every detector, overlaps resolved, then every other copy of each value.

Detectors report (kind, start, end); the longest span wins an overlap, so a private-key block
swallows the key/value match inside it and a URL password is not also reported as a token.
A value found once is then replaced wherever else it stands in the text (bare in prose, inside
``api.telegram.org/bot<token>/``), except values too short or too word-like to be told from
ordinary text: those stay redacted only where a detector saw them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from publisher.redact.blocks import k8s_secret_data, pem_blocks, pgpass_lines, prompt_echo
from publisher.redact.context import context_matches
from publisher.redact.findings import Finding, Redacted, placeholder
from publisher.redact.prefilter import scan
from publisher.redact.settings import DEFAULT_SETTINGS, RedactSettings
from publisher.redact.tokens import token_matches
from publisher.redact.urls import internal_hosts, url_credentials

Span = tuple[str, int, int]
GLOBAL_MIN = 6
SHELL_COMPLAINTS = ("not found", "не найдена", "unknown command")
WORD_CHAR = re.compile(r"\w")
# A span next to an existing placeholder belongs to a text redacted before: leave it alone.
AWS_SECRET_RE = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])")


def _extra(text: str, settings: RedactSettings) -> Iterable[Span]:
    for name, pattern in settings.extra_patterns:
        for match in pattern.finditer(text):
            group = 1 if pattern.groups else 0
            if match.group(group):
                yield name, match.start(group), match.end(group)


def _aws_secret_beside_key_id(text: str, spans: list[Span]) -> Iterable[Span]:
    """A bare 40-char AWS secret on the line of an access key id (a tuple, a CSV row)."""
    for kind, start, _ in spans:
        if kind != "aws-access-key-id":
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end == -1 else line_end
        for match in AWS_SECRET_RE.finditer(text, line_start, line_end):
            if any(c.isdigit() for c in match.group()) and any(c.isupper() for c in match.group()):
                yield "aws-secret-key", match.start(), match.end()


def detect(text: str, settings: RedactSettings = DEFAULT_SETTINGS) -> list[Span]:
    """Every (kind, start, end) the detectors report, overlaps not yet resolved."""
    hits = scan(text)
    spans = token_matches(text, hits.anchors)
    spans += _aws_secret_beside_key_id(text, spans)
    spans += context_matches(text, hits.lines)
    if hits.saw("://"):
        spans += url_credentials(text)
    if hits.saw("private key"):
        spans += pem_blocks(text)
    if hits.saw("kind: secret"):
        spans += k8s_secret_data(text)
    if hits.saw("password", "passphrase", "пароль") and hits.saw(*SHELL_COMPLAINTS):
        spans += prompt_echo(text)
    if hits.saw("pgpass"):
        spans += pgpass_lines(text)
    spans += _extra(text, settings)
    if settings.internal_hosts:
        spans += internal_hosts(text)
    return [span for span in spans if span[2] > span[1]]


def _resolve(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans in text order; of overlapping ones the longest is kept."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s[2] - s[1]), s[1])):
        if all(span[2] <= k[1] or span[1] >= k[2] for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s[1])


def _spreads(value: str) -> bool:
    """Whether a value is distinctive enough to be replaced wherever it stands."""
    if len(value) < GLOBAL_MIN or "\n" in value:
        return False
    if len(value) >= 12:
        return True
    return any(not c.isalpha() for c in value) or value != value.lower()


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not WORD_CHAR.match(before) and not WORD_CHAR.match(after)


def _copies(text: str, found: list[Span], known: Mapping[str, str]) -> list[Span]:
    """Other places where a value already found (here or earlier in a stream) stands."""
    values = {**known, **{text[s:e]: kind for kind, s, e in found}}
    copies: list[Span] = []
    for value, kind in values.items():
        if not _spreads(value):
            continue
        pos = text.find(value)
        while pos != -1:
            end = pos + len(value)
            if len(value) >= 12 or _bounded(text, pos, end):
                copies.append((kind, pos, end))
            pos = text.find(value, end)
    return copies


def _allowed(text: str, span: Span, settings: RedactSettings) -> bool:
    return settings.allows(text[span[1] : span[2]])


def redact(
    text: str,
    settings: RedactSettings = DEFAULT_SETTINGS,
    known: Mapping[str, str] | None = None,
) -> Redacted:
    """The text with every secret replaced by a typed placeholder, and what was found.

    ``known`` maps values found elsewhere (an earlier chunk of the same note, the note an
    answer was written from) to their kind: their copies in ``text`` are replaced too.
    """
    spans = [s for s in detect(text, settings) if not _allowed(text, s, settings)]
    if not spans and not known:
        return Redacted(text)
    spans = _resolve(spans)
    spans = _resolve(spans + _copies(text, spans, known or {}))
    if not spans:
        return Redacted(text)
    parts: list[str] = []
    findings: list[Finding] = []
    pos = 0
    for kind, start, end in spans:
        value = text[start:end]
        parts.append(text[pos:start])
        parts.append(placeholder(kind) + "\n" * value.count("\n"))
        findings.append(Finding(kind, start, end, value))
        pos = end
    parts.append(text[pos:])
    return Redacted("".join(parts), tuple(findings))

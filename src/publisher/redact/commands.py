"""Secrets on command lines and in HTTP headers.

``--password x``, ``sshpass -p``, ``mysql -p'…'``, ``curl -u user:pass``, ``redis-cli -a``,
``echo … | docker login --password-stdin``, ``<<< 'pass'`` into ``sudo -S``, a Python
``auth=("user", "pass")`` tuple, and ``Authorization: Bearer|Basic …``, ``X-Api-Key: …`` and
session cookies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.redact.filters import is_placeholder, looks_like_password, looks_random
from publisher.redact.names import Strength, strength
from publisher.redact.values import VALUE, Span, _value_span

HEADER_RE = re.compile(
    r"""(?i)(?:authorization|proxy-authorization)["']?\s*[:=]\s*["']?"""
    r"""(?:(?P<scheme>bearer|basic|token|bot|digest|apikey|sso-key|client-id)\s+)?(?P<val>[\w\-.~+/=:]{8,})"""
    r"""|\bbearer\s+(?P<bare>[\w\-.~+/=]{12,})"""
    r"""|(?P<hname>(?:x-[\w-]*|private-|api-|auth-)(?:key|token|auth|secret)[\w-]*)["']?\s*:\s*"""
    r"""["']?(?P<hval>[\w\-.~+/=:]{8,})"""
    r"""|\bcookie:\s*(?:[^=;\s]+=[^;\s]*;\s*)*?[\w.\-]+=(?P<cval>[^;\s"']{16,})"""
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
    + r"""|\becho\s+(?:-n\s+)?(?P<echo>'[^'\n]+'|"[^"\n]+"|[^\s|'"]+)\s*\|\s*"""
    + r"""(?=.*(?:-stdin|sudo\s+-S|passwd))"""
    + r"""|<<<\s*(?P<here>'[^'\n]+'|"[^"\n]+"|\S+)"""
    + r"""|\bauth\s*=\s*\(\s*["'][^"'\n]*["']\s*,\s*(?P<tuple>"[^"\n]+"|'[^'\n]+')"""
    + r"""|-pass(?:in|out)\s+pass:(?P<ossl>\S+)"""
)
AUTH_SCHEMES = frozenset("bearer basic token bot digest apikey sso-key client-id".split())
STDIN_LINE = re.compile(r"-stdin|sudo\s+-S|\bpasswd\b|chpasswd|-p\s*$")
MYSQL_LINE = re.compile(r"\b(?:mysql|mariadb|mysqldump|mysqladmin)\b")


def headers(line: str, offset: int) -> Iterator[Span]:
    for match in HEADER_RE.finditer(line):
        group = next(g for g in ("val", "bare", "hval", "cval") if match.group(g))
        start, end, value = _value_span(match, group, offset)
        if is_placeholder(value) or (group == "cval" and not looks_random(value, 16)):
            continue
        if value.lower() in AUTH_SCHEMES:  # "Authorization: Client-ID <key>": a stand-in
            continue
        if group == "bare" and not looks_random(value, 12):  # "Bearer authentication" in prose
            continue
        scheme = (match.group("scheme") or "").lower()
        kind = {"basic": "basic-auth"}.get(scheme, "bearer-token")
        yield ("session-cookie" if group == "cval" else kind), start, end


def flags(line: str, offset: int) -> Iterator[Span]:
    for match in FLAG_RE.finditer(line):
        if match.group("my") and not MYSQL_LINE.search(line):
            continue
        if match.group("here") and not STDIN_LINE.search(line):
            continue
        for group in ("val", "ssh", "my", "upw", "redis", "echo", "here", "tuple", "ossl"):
            if match.group(group):
                start, end, value = _value_span(match, group, offset)
                weak = group == "val" and strength(match.group("flag")) is Strength.WEAK
                if weak and not looks_random(value, 12):
                    break
                if looks_like_password(value) and not value.startswith("-"):
                    yield "password", start, end
                break

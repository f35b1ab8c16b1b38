"""Credentials inside URLs: ``scheme://user:pass@host``, ``redis://:pass@host`` and DSN keys
(``https://<32-hex key>@o1.ingest.sentry.io/2``).

The user name is kept (it helps the story, and ``git@``/``postgres@`` are not secrets); the
password goes. A user part alone is a secret only when it looks generated: a Sentry DSN key or a
token used as the user (``https://ghp_…@github.com``). With ``internal_hosts`` on, private IPs
and internal host names are redacted too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.redact.filters import is_placeholder, looks_random

Span = tuple[str, int, int]

USERINFO_RE = re.compile(
    r"(?P<user>[^\s:/@'\"`<>]*)(?::(?P<pw>[^\s/'\"`<>]*))?@(?P<host>[\w\-]+(?:\.[\w\-]+)*)"
)
HEX32_RE = re.compile(r"^[0-9a-f]{32}$")
INTERNAL_RE = re.compile(
    r"\b(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}"
    r"|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3})\b"
    r"|\b[a-z0-9][\w\-]*(?:\.[\w\-]+)*\.(?:internal|intra|corp|lan|local|localdomain|home\.arpa)\b"
)


def _userinfos(text: str) -> Iterator[re.Match[str]]:
    """The ``user[:pass]@host`` part right after each ``scheme://``."""
    pos = text.find("://")
    while pos != -1:
        match = USERINFO_RE.match(text, pos + 3)
        if match:
            yield match
        pos = text.find("://", pos + 3)


def url_credentials(text: str) -> Iterator[Span]:
    """Passwords (and generated user parts) in the userinfo of every URL."""
    for match in _userinfos(text):
        password, user = match.group("pw"), match.group("user")
        if password is not None and not is_placeholder(password) and password:
            yield "password", match.start("pw"), match.end("pw")
        elif password is None and (HEX32_RE.match(user) or looks_random(user, 20)):
            host = match.group("host")
            kind = "sentry-key" if "sentry" in host else "url-credential"
            yield kind, match.start("user"), match.end("user")


def internal_hosts(text: str) -> Iterator[Span]:
    for match in INTERNAL_RE.finditer(text):
        yield "internal-host", match.start(), match.end()

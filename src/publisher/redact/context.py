"""Secrets known by where they stand: which detectors run on which lines.

Each detector has the keywords (lowercase; ``prefilter`` also finds their Title and UPPER
forms) that must appear on a line before it runs there, so a line without ``pass``, ``token``,
``key`` or the like is never matched against a context pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from publisher.redact.commands import flags, headers
from publisher.redact.values import NAME_KEYWORDS, Span, bare, keyval, netrc, russian

Detector = Callable[[str, int], Iterator[Span]]

DETECTORS: tuple[tuple[Detector, tuple[str, ...]], ...] = (
    (keyval, NAME_KEYWORDS),
    (headers, ("authorization", "bearer", "cookie", "-key", "-token", "-auth", "-secret")),
    (flags, ("-pass", "-token", "-secret", "-key", "-auth", "-api", "sshpass", "mysql", "mariadb",
             "-u ", "--user", "redis-cli", "<<<", "stdin", "auth=", "auth =")),
    (russian, ("парол", "токен", "ключ", "секрет")),
    (netrc, ("password ",)),
    (bare, ("password", "passphrase", "passwd", "token", "secret", "парол", "токен", "секрет")),
)  # fmt: skip


def context_matches(text: str, lines: dict[int, set[Detector]]) -> list[Span]:
    """(kind, start, end) of values that their key, flag or header marks as secrets.

    ``lines`` maps the start of each line holding a keyword to the detectors to run there.
    """
    found: list[Span] = []
    for start, detectors in sorted(lines.items()):
        end = text.find("\n", start)
        line = text[start : len(text) if end == -1 else end]
        # Escaped JSON in a log ({\"api_key\":\"…\"}) reads as JSON; same length, same offsets.
        line = line.replace('\\"', '" ')
        for detector in sorted(detectors, key=ORDER.index):
            found.extend(detector(line, start))
    return found


ORDER = [detector for detector, _ in DETECTORS]

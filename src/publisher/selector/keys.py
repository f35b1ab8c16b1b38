"""Keys named in prose: the config or code line that sets a key the text talks about.

A statement that names `num_workers`, max.poll.interval.ms or "keepalive = 75" marks the line
that sets that key as the change the note is about, wherever that line is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from publisher.selector.signals import ASSIGNMENT_RE, IDENTIFIER_RE


def named_keys(texts: Iterable[str], keys: set[str]) -> set[str]:
    """The config/code keys that some of ``texts`` (the note's statements) name.

    A key named in prose (`num_workers`, max.poll.interval.ms, "keepalive = 75") marks the
    line that sets it as the change the text is about. Only texts that contain a key at all
    are searched for identifiers, a cheap test while the keys are few.
    """
    named: set[str] = set()
    few = len(keys) <= NAMED_KEYS_PRECHECK
    for text in texts:
        if few and not _contains_key(text.lower(), keys):
            continue
        named.update(keys.intersection(_mentions(text)))
    return named


NAMED_KEYS_PRECHECK = 32


def _contains_key(lowered: str, keys: set[str]) -> bool:
    """A cheap gate in front of the identifier search; a loop is cheaper than any(generator)."""
    for key in keys:  # noqa: SIM110
        if key in lowered:
            return True
    return False


def _mentions(s: str) -> list[str]:
    """Identifiers a statement names: plain, in backticks (key before "=") or assigned."""
    found = []
    for name, quoted in IDENTIFIER_RE.findall(s):
        if quoted:  # `timeout=30s` in backticks names the key before "="
            if len(quoted) >= 4:
                found.append(KEY_TAIL_RE.sub("", quoted.lower()).rstrip(".-"))
        elif len(name) >= 4:
            found.append(name.lower())
    if "=" in s:
        found += [name.lower() for name in ASSIGNMENT_RE.findall(s) if len(name) >= 3]
    return found


KEY_TAIL_RE = re.compile(r"[=:,;()\[\]{}<>'\"].*$")

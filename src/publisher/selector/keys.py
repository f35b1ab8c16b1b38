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


def quoted_names(texts: Iterable[str]) -> tuple[str, ...]:
    """Code names that statements quote in backticks (`fx.get_rate`, `_fetched_rate`,
    `@lru_cache`), lowercased: a code line that holds one is what the text talks about.

    Only names a reader would not write as a plain word count: with `_`, `.` or an inner
    capital (`lru_cache`, `userEvent`), four characters or more; a dotted name also counts by
    its last part (`get_rate`), which is how the code that defines it spells it.
    """
    names: dict[str, None] = {}
    for text in texts:
        if "`" not in text:
            continue
        for quoted in QUOTED_RE.findall(text):
            for name in CODE_NAME_RE.findall(quoted):
                names[name.lower()] = None
                names[name.rpartition(".")[2].lower()] = None
    return tuple(name for name in names if len(name) >= 4 and _code_like(name))[:QUOTED_MAX]


QUOTED_RE = re.compile(r"`([^`\n]{3,80})`")
CODE_NAME_RE = re.compile(r"[A-Za-z_][\w.]*\w")
QUOTED_MAX = 200


def _code_like(name: str) -> bool:
    return "_" in name or "." in name

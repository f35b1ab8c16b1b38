"""Echoes: the log line whose numbers or names the author's own sentences repeat.

A note quotes its evidence. The one line of a 300-line `lsof` dump that matters holds the
pid and the size the author writes about a few lines later ("pid 1842 holds 249G"); the
decisive `Out[13]: 0.7764` is the figure the conclusion cites; the changed config line
sets the `volatile-lru` the post-mortem names. Whatever the kind of note or its language,
a line that shares a distinctive token with the prose around it is more likely part of the
story than its look-alike neighbours, which share nothing.

A token is distinctive when it is long enough to be specific (a number of three characters
or more, a name of five or more) and rare among the candidates (held by at most
``RARE_LINES`` of them), so that a host name or a logger printed on every line echoes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from publisher.selector.budget import Candidate
from publisher.selector.weights import STORY_KINDS

# Names (`volatile-lru`, `ephemeral-storage`, `fd.close`) and numbers with their unit or
# their separators (`1842`, `0.7764`, `295G`, `5432/tcp` gives `5432`, `03:12`).
# Written to start with one character class, then a look-behind goes on as a name or as a
# number: the regex engine scans for a pattern that starts with one class, but tries
# three alternatives at every position of the line (the same tokens, 20 % less search).
TOKEN_RE = re.compile(
    r"[A-Za-z_\d](?:(?<=[A-Za-z_])[\w\-.]*\w|(?<=\d)(?:[\d.,:]*\d[A-Za-z%]*|[A-Za-z%]+))"
)
NAME_MIN = 5
NUMBER_MIN = 3
RARE_LINES = 10
ECHO_CAP = 3
TITLE_CAP = 2


def tokens(text: str) -> set[str]:
    """The distinctive-enough tokens of a line, lowercased (a digit sorts before any letter
    and ``_``, so ``<= "9"`` tells a number from a name)."""
    return {
        token
        for token in TOKEN_RE.findall(text.lower())
        if len(token) >= (NUMBER_MIN if token[0] <= "9" else NAME_MIN)
    }


def mark(candidates: Sequence[Candidate], story_texts: Iterable[str], title: str = "") -> None:
    """Set each candidate's ``echo``: how many of its rare tokens the prose repeats (capped),
    and its ``titled``: how many of its tokens the note's title names.

    A sentence of the story echoes another sentence only, never itself: a token must be in
    some other line of prose. Most sentences are candidates too, so each text is read once.
    The title is the author's one-line summary (`HikariPool timeout под нагрузкой`), written
    apart from the body, so any token of it counts, rare or not.
    """
    held = [tokens(candidate.text) for candidate in candidates]
    named = tokens(title)
    known = {candidate.text: found for candidate, found in zip(candidates, held, strict=True)}
    said: Counter[str] = Counter()
    for text in story_texts:
        found = known.get(text)
        said.update(tokens(text) if found is None else found)
    spread: Counter[str] = Counter()
    for found in held:
        spread.update(found)
    for candidate, found in zip(candidates, held, strict=True):
        own = 1 if candidate.shape.info.kind in STORY_KINDS else 0
        echo = 0
        for token in found:
            if spread[token] <= RARE_LINES and said.get(token, 0) > own:
                echo += 1
        candidate.echo = echo if echo < ECHO_CAP else ECHO_CAP
        if named:
            titled = len(found & named)
            candidate.titled = titled if titled < TITLE_CAP else TITLE_CAP

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
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

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
# The same pattern for a line of ASCII only, where ``\w`` is ``[A-Za-z0-9_]`` and ``\d`` is
# ``[0-9]``: classes of literals compile to a bitmap, one test per character instead of a
# Unicode category lookup (15 % fewer instructions on the dev notes' candidates).
ASCII_TOKEN_RE = re.compile(
    r"[A-Za-z_0-9](?:(?<=[A-Za-z_])[A-Za-z0-9_\-.]*[A-Za-z0-9_]"
    r"|(?<=[0-9])(?:[0-9.,:]*[0-9][A-Za-z%]*|[A-Za-z%]+))"
)
NAME_MIN = 5
NUMBER_MIN = 3
RARE_LINES = 10
ECHO_CAP = 3


def _all_tokens(text: str) -> set[str]:
    """Every token of a line, lowercased, short ones included: found and collected in C,
    with no Python step per token (``mark`` drops the short ones once per note)."""
    lowered = text.lower()
    pattern = ASCII_TOKEN_RE if lowered.isascii() else TOKEN_RE  # isascii() costs nothing
    return set(pattern.findall(lowered))


def mark(candidates: Sequence[Candidate], story_texts: Iterable[str]) -> None:
    """Set each candidate's ``echo``: how many of its rare tokens the prose repeats (capped).

    A sentence of the story echoes another sentence only, never itself: a token must be in
    some other line of prose. Most sentences are candidates too, so each text is read once.

    Counting and testing are set operations in C: a token counts for a line if it is among
    the note's echoing tokens, found once per note by ``_echoing``.
    """
    held = [_all_tokens(candidate.text) for candidate in candidates]
    known = {candidate.text: found for candidate, found in zip(candidates, held, strict=True)}
    said = Counter(chain.from_iterable(_story_tokens(story_texts, known)))
    spread = Counter(chain.from_iterable(held))
    by_others, by_two = _echoing(said, spread)
    for candidate, found in zip(candidates, held, strict=True):
        own = candidate.shape.info.kind in STORY_KINDS  # its own saying does not count
        echo = len(found & (by_two if own else by_others))
        candidate.echo = echo if echo < ECHO_CAP else ECHO_CAP


def _story_tokens(story_texts: Iterable[str], known: dict[str, set[str]]) -> Iterator[set[str]]:
    """The tokens of each sentence of the story, read again only if no candidate holds it."""
    for text in story_texts:
        found = known.get(text)
        yield _all_tokens(text) if found is None else found


def _echoing(said: Counter[str], spread: Counter[str]) -> tuple[set[str], set[str]]:
    """The tokens a line can echo: long enough (a number of ``NUMBER_MIN`` characters or
    more, a name of ``NAME_MIN`` or more; a digit sorts before any letter and ``_``, so
    ``<= "9"`` tells a number from a name), held by at most ``RARE_LINES`` candidates and
    said in the prose; for a line of the story itself (the second set), said twice, since
    its own saying does not count. (The length test is written inline: a call per token
    cost more than the test, 2.7M -> 2.1M instructions per dev pass.)"""
    rare = [
        token
        for token in said.keys() & spread.keys()
        if len(token) >= (NUMBER_MIN if token[0] <= "9" else NAME_MIN)
        and spread[token] <= RARE_LINES
    ]
    return set(rare), {token for token in rare if said[token] > 1}

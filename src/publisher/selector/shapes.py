"""A line's *shape*: its text with every token that holds a digit collapsed to ``0``.

Lines with one shape are "the same line with other numbers" (timestamps, counters, ids,
sizes), so the selector classifies a shape once and counts its repeats instead of reading
them again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress
from operator import ne, sub

from publisher.selector.budget import Shape

# A whitespace-delimited token with a digit in it is a value (timestamp, counter, id, size),
# so the whole token collapses; "=" and ":" also end tokens so that keys survive:
# "memberId='order-7-kx2p'," becomes "memberId=0" and "took=318771ms" becomes "took=0".
# Two passes, because a pattern that starts at a token's first character (a look-behind)
# makes the regex engine try every position of the text, three times slower than scanning
# for digits: the first pass collapses each token from its first digit on ("kx2p" -> "kx0"),
# the second, run on the reversed text, eats the letters left in front of that "0". Both run
# on UTF-8 bytes with every digit turned into "0" first: a one-byte literal is found much
# faster than a digit class, and a token never ends inside a multi-byte character. Tokens
# end at ASCII whitespace, "=" and ":" (a no-break space does not split a token).
# One pattern serves both passes: a "0" with token characters after it. A lone "0" is left
# alone rather than replaced by itself, which spares the substitution one match (and two
# slices) per plain number, about a tenth of the matches on the dev notes. The token class
# lists bytes ``\s`` ([ \t\n\r\f\v]) itself: a class of literals compiles to a bitmap, one
# test per byte instead of a category lookup and two comparisons (5-10 % less wall-clock
# time for the substitution in alternating runs; about the same instruction count).
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
ZERO_TAIL_RE = re.compile(rb"0[^ \t\n\r\f\v=:]++")
# Random ids without digits: runs of hex letters, or of consonants only.
LETTER_ID_RE = re.compile(r"(?<![A-Za-z])(?:[a-f]{6,}|[b-df-hj-np-tv-xz]{5,})(?![A-Za-z])")
SHAPE_KEY_MAX = 240
SHAPE_SHORT = 12
GUTTER = " \t⎿│|>"  # transcript and quote gutters do not make two lines different


def shape_runs(chunk: str) -> Iterator[tuple[str, int]]:
    """The shapes of the lines of ``chunk``: (shape, number of consecutive lines with it).

    Lines that are equal once their digits are folded to "0" have one shape, so the shape
    patterns run only on the first line of each such run (most lines of a log repeat the
    one before), and only once for each distinct such line: a log repeats its line forms
    with other lines between them (about half of the dev notes' run starts, two thirds of
    the substitutions). A token never spans two lines, so a line's shape depends on that
    line alone.
    """
    try:
        data = chunk.encode()
    except UnicodeEncodeError:  # lone surrogates: rare, and twice as slow to encode
        data = chunk.encode("utf-8", "surrogatepass")
    lines = data.translate(_DIGITS_TO_ZERO).split(b"\n")
    # Where a line differs from the one before a run starts; found with C-level maps, as a
    # Python loop over every line of a megabyte chunk would cost more than the shapes.
    starts = [0, *compress(range(1, len(lines)), map(ne, lines[1:], lines))]
    counts = list(map(sub, [*starts[1:], len(lines)], starts))
    firsts = list(map(lines.__getitem__, starts))
    distinct = list(dict.fromkeys(firsts))  # in C: no Python step per line
    data = ZERO_TAIL_RE.sub(b"0", b"\n".join(distinct))
    data = ZERO_TAIL_RE.sub(b"0", data[::-1])[::-1]
    shape_of = dict(zip(distinct, data.decode("utf-8", "surrogatepass").split("\n"), strict=True))
    shapes = map(shape_of.__getitem__, firsts)
    previous, total = "", 0
    for shape, count in zip(shapes, counts, strict=True):
        if shape == previous:
            total += count
            continue
        if total:
            yield previous, total
        previous, total = shape, count
    if total:
        yield previous, total


def shape_key(shape: str, line: str) -> str:
    """The cache key of a shape (gutters stripped, short shapes told apart by length).

    "0" may stand for a counter or for a base64 blob, so a short shape keeps the order of
    magnitude of its line's length; a very long one keeps its head, tail and size.
    """
    size = len(shape)
    if size < SHAPE_SHORT:
        return f"{shape}\x00{len(line).bit_length()}"
    if size > SHAPE_KEY_MAX:
        return f"{shape[:200]}{shape[-30:]}{size}"
    return shape


def fold_letter_ids(cache: dict[str, Shape], key: str, entry: Shape) -> tuple[Shape, bool]:
    """``entry`` under ``key`` with letter-only ids folded too: (the entry to use, is it new).

    Ids made of letters only (`rl:acadddfdba`, a pod suffix `qwxzt`) escape the digit fold;
    log-like output inside a dump looks again with them folded, so such lines repeat too
    (prose, code, noise and the first lines of a dump are left alone: the search costs about
    as much as the shape itself).
    """
    folded = LETTER_ID_RE.sub("0", key)
    if folded == key:
        return entry, True
    known = cache.get(folded)
    if known is None:
        cache[folded] = entry
        return entry, True
    return known, False

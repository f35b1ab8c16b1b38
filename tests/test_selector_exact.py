"""Speed-ups that must give exactly what the plain expression gives (docs/selector.md, Speed).

Each fast path below stands in for a simpler expression; these tests compare the two on
the values where a fast path could go wrong (halves, signs, huge and non-finite numbers,
Unicode whitespace), so a change that makes them differ fails here before it moves a
kept line.
"""

from __future__ import annotations

import math
import random
import struct

from publisher.selector.budget import hundredths
from publisher.selector.classify import LONG_RUN_RE
from publisher.selector.echo import ASCII_TOKEN_RE, TOKEN_RE


def _bits(value: float) -> bytes:
    return struct.pack("<d", value)


def test_hundredths_is_round_to_two_digits_bit_for_bit() -> None:
    rng = random.Random(7)
    tricky = [0.0, -0.0, 0.005, -0.005, 0.015, 1.005, 2.675, -2.675, 0.125, 1e7, 1e300]
    tricky += [math.inf, -math.inf, 5e-324, -0.004, 12345678.125]
    tricky += [k / 200 + nudge for k in range(-400, 400) for nudge in (0.0, 1e-15, -1e-15)]
    tricky += [rng.uniform(-20.0, 20.0) for _ in range(20_000)]
    for value in tricky:
        assert _bits(hundredths(value)) == _bits(round(value, 2)), value
    assert math.isnan(hundredths(math.nan))


def test_long_run_is_a_word_of_forty_characters_or_more() -> None:
    spaces = [" ", "\t", "\u00a0", "\u2003", "\x1c", "\x85", "\u3000"]
    rng = random.Random(11)
    for _ in range(5_000):
        line = "".join(
            rng.choice(spaces) * rng.randint(1, 2)
            if rng.random() < 0.5
            else "x" * rng.choice([1, 5, 39, 40, 41, 60])
            for _ in range(rng.randint(0, 8))
        )
        expected = max(map(len, line.split()), default=0) >= 40
        assert bool(LONG_RUN_RE.match(line)) is expected, repr(line)


def test_ascii_token_pattern_finds_what_the_unicode_one_finds_on_ascii() -> None:
    rng = random.Random(13)
    alphabet = "az_09.,:%-/ \tAZ"
    for _ in range(5_000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))).lower()
        assert ASCII_TOKEN_RE.findall(line) == TOKEN_RE.findall(line), line

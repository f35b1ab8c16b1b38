"""Echoes: a machine line whose rare numbers or names the author's sentences repeat.

``publisher.selector.echo`` is a pure step over the budget's candidates; these tests pin what
counts as a distinctive token and when a line echoes the prose.
"""

from __future__ import annotations

from collections import Counter

from publisher.selector import echo
from publisher.selector.budget import Candidate, Shape
from publisher.selector.kinds import Kind, LineInfo


def line(number: int, text: str, kind: Kind = Kind.TABLE) -> Candidate:
    shape = Shape(LineInfo(kind, 0.0, kind.value, words=len(text.split())), count=1)
    return Candidate(number, text, 0.0, kind.value, shape, kind)


def test_tokens_are_long_names_and_numbers_lowercased() -> None:
    text = "ingest-wo 1842 ingest 7w REG 259,1 /var/log/Worker.log (deleted) 42"
    tokens = Counter(echo._all_tokens(text))
    found, _ = echo._echoing(tokens, tokens)  # said once, held by one line: only length counts
    # A path is read by its parts; short names and numbers say too little to be quoted.
    assert found == {"ingest-wo", "1842", "ingest", "259,1", "worker.log", "deleted"}


def test_a_log_line_echoes_the_rare_tokens_the_prose_repeats() -> None:
    noise = [line(n, f"containerd {900 + n} root 12w REG 259,1 4096 /tmp/m{n}") for n in range(12)]
    decisive = line(20, "ingest-wo 1842 ingest 7w REG 259,1 268114502656 /var/log/worker.log")
    story = ["there it is. pid 1842 still holds worker.log, 268114502656 bytes, unlinked"]
    echo.mark([*noise, decisive], story)
    assert decisive.echo == 3  # 1842, 268114502656, worker.log (capped at ECHO_CAP)
    # 259,1 and REG are on every line: too common in the note to single one out.
    assert all(c.echo == 0 for c in noise)


def test_a_sentence_does_not_echo_itself_but_does_echo_another() -> None:
    said = "the culprit was copytruncate missing from logrotate"
    alone, repeated = line(1, said, Kind.PROSE), line(2, "copytruncate it is", Kind.PROSE)
    echo.mark([alone], [said])
    assert alone.echo == 0
    echo.mark([alone, repeated], [said, "copytruncate it is"])
    assert alone.echo == 1 and repeated.echo == 1


def test_the_cap_bounds_a_line_that_repeats_a_whole_sentence() -> None:
    text = "alpha1 bravo2 charlie3 delta4 echo55 foxtrot6"
    quoted = line(1, text)
    echo.mark([quoted], [text])
    assert quoted.echo == echo.ECHO_CAP

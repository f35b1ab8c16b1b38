"""Trimming a long tool output the way a log is trimmed.

A tool output keeps its head and tail, and from the middle the lines a reader would look for:
those holding an error-like word, then, when the middle is mostly repetition (a log), the lines
whose shape occurs only once in it (``evicted_keys:1843302`` among 40 ``keyspace_hits:…`` lines,
a ``# forces replacement`` among 80 ``will be read during apply``). A ``… +N lines`` marker
stands for every gap. A session can hold a 4,000-line build log; the story needs its decisive
line, not the other 3,999.
"""

from __future__ import annotations

from collections import Counter

from ahocorasick_rs import AhoCorasick

# Every digit becomes 0 (``str.translate``, one C pass): "batch 17" and "batch 42" share a
# shape. Runs are not collapsed (a regex pass over every long output cost seconds on 50 MB).
FOLD_DIGITS = str.maketrans("0123456789", "0000000000")


# Words that mark a line worth keeping from the middle of a long output. Deliberately words,
# not numbers: a replay log has "lag=12ms" on every line, and numbers alone would keep the first
# twenty. Found with Aho-Corasick (ahocorasick-rs, already used by redaction) in one linear pass
# over a lowercased block: a regex alternation tried at every position of a 700,000-line log
# took 40 s, this takes well under one.
SIGNAL_WORDS = (
    "error", "exception", "traceback", "fail", "fatal", "panic", "denied", "refused",
    "timeout", "timed out", "assert", "warn", "killed", "oom", "segfault", "exit code",
    "exited", "rejected", "violat", "conflict", "cannot", "can't", "unable", "not found",
    "no such", "invalid", "undefined", "missing", " miss", "mismatch", "passed",
    "ошибк", "сбой", "не удалось", "упал", "отказ",
)  # fmt: skip
SIGNALS = AhoCorasick(list(SIGNAL_WORDS))


def signal_indexes(lines: list[str], start: int, end: int, limit: int) -> list[int]:
    """Indexes in ``lines[start:end]`` of the first ``limit`` lines holding a signal word."""
    block = "\n".join(lines[start:end])
    low = block.lower()
    if len(low) != len(block):  # a letter whose lowercase is longer: offsets would drift
        return [i for i in range(start, end) if any(w in lines[i].lower() for w in SIGNAL_WORDS)][
            :limit
        ]
    found: list[int] = []
    line, position = start, 0
    for _, begin, _ in SIGNALS.find_matches_as_indexes(low):
        line += low.count("\n", position, begin)
        position = begin
        if not found or found[-1] != line:
            found.append(line)
            if len(found) == limit:
                break
    return found


def rare_indexes(lines: list[str], start: int, end: int, limit: int) -> list[int]:
    """Lines of ``lines[start:end]`` whose shape (digits folded) occurs once, when there are
    at most ``limit`` of them: in a log the odd line out is news; in a listing where most lines
    differ, uniqueness says nothing and no line is picked."""
    shapes = "\n".join(lines[start:end]).translate(FOLD_DIGITS).split("\n")
    if len(shapes) != end - start:
        return []
    counts = Counter(shapes)
    rare = [start + i for i, shape in enumerate(shapes) if counts[shape] == 1 and shape.strip()]
    return rare if len(rare) <= limit else []


def middle_lines(lines: list[str], start: int, end: int, limit: int) -> list[int]:
    """Signal lines first, then rare ones, at most ``limit`` in all, in their original order."""
    picked = signal_indexes(lines, start, end, limit)
    if len(picked) < limit:
        chosen = set(picked)
        extra = [i for i in rare_indexes(lines, start, end, limit) if i not in chosen]
        picked += extra[: limit - len(picked)]
    return sorted(picked)


def trim_output(lines: list[str], head: int, tail: int, limit: int) -> list[str]:
    """Head, tail and the signal lines between them, with ``… +N lines`` for each gap."""
    keep_all = head + tail + limit
    if len(lines) <= keep_all:
        return lines
    end = len(lines) - tail
    middle = middle_lines(lines, head, end, limit)
    kept = [*range(head), *middle, *range(end, len(lines))]
    out: list[str] = []
    previous = -1
    for index in kept:
        if index > previous + 1:
            gap = index - previous - 1
            out.append(f"… +{gap} line{'s' if gap > 1 else ''}")
        out.append(lines[index])
        previous = index
    return out

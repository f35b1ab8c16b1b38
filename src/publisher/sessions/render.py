"""Events to transcript text, in the shape of a Claude Code terminal (docs/sources.md).

``> `` starts what the user typed, ``⏺ `` the assistant's prose (continuation lines indented two
spaces) and each tool call (``⏺ Bash(cmd)``), and ``  ⎿  `` the tool's output with following
lines indented five spaces. The selector reads this speaker structure, and it is what the
hand-pasted transcripts in the labelled notes already look like.

Tool output is trimmed the way a log is: its head and tail, plus the lines in between that look
like errors, results or numbers, with a ``… +N lines`` marker for every gap. A session can hold a
4,000-line build log; the story needs its failing line, not the other 3,999.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick

from publisher.sessions.events import (
    Event,
    Prompt,
    Prose,
    Sidechain,
    Summary,
    ToolCall,
    ToolOutput,
)

OUTPUT_GUTTER = "  ⎿  "
OUTPUT_INDENT = "     "
LINE_MAX = 1000
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


@dataclass(frozen=True)
class RenderOptions:
    """Output limits; the defaults keep a block to at most ~36 lines."""

    head: int = 8
    tail: int = 8
    signal_lines: int = 20
    fold_sidechains: bool = True


def trim_output(lines: list[str], options: RenderOptions) -> list[str]:
    """Head, tail and the signal lines between them, with ``… +N lines`` for each gap."""
    keep_all = options.head + options.tail + options.signal_lines
    if len(lines) <= keep_all:
        return lines
    signals = signal_indexes(lines, options.head, len(lines) - options.tail, options.signal_lines)
    kept = [*range(options.head), *signals, *range(len(lines) - options.tail, len(lines))]
    out: list[str] = []
    previous = -1
    for index in kept:
        if index > previous + 1:
            out.append(f"… +{index - previous - 1} lines")
        out.append(lines[index])
        previous = index
    return out


def _clip(line: str) -> str:
    line = line.rstrip()
    return line if len(line) <= LINE_MAX else line[: LINE_MAX - 1] + "…"


def _block(first_prefix: str, rest_prefix: str, lines: Iterable[str]) -> Iterator[str]:
    for number, line in enumerate(lines):
        clipped = _clip(line)
        if number == 0:
            yield first_prefix + clipped
        else:
            yield rest_prefix + clipped if clipped else ""


def _paragraphs(text: str) -> list[str]:
    """Text lines with runs of blank lines squeezed to one."""
    out: list[str] = []
    for line in text.strip().splitlines():
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return out


def _call_output(call: ToolCall | None, output: ToolOutput, options: RenderOptions) -> list[str]:
    lines = output.text.splitlines()
    if call is not None and call.changes and not output.is_error:
        verb = "Wrote" if call.name == "Write" else "Updated"
        return [f"{verb} {call.label}", *call.changes]
    if call is not None and call.name == "Read" and not output.is_error and lines:
        lines = [f"Read {len(lines)} lines", *lines]
    lines = [line for line in trim_output(lines, options) if line.strip()]
    if output.images:
        lines.append(f"[{output.images} image{'s' if output.images > 1 else ''}]")
    return lines or ["(no output)"]


class Renderer:
    """Turns events into lines; remembers calls so each output can be shown in its terms."""

    def __init__(self, options: RenderOptions | None = None) -> None:
        self.options = options or RenderOptions()
        self._calls: dict[str, ToolCall] = {}
        self._spoke = False

    def lines(self, events: Iterable[Event]) -> Iterator[str]:
        for event in events:
            chunk = list(self._event(event))
            if chunk:
                yield from chunk
                if not isinstance(event, ToolCall | Sidechain):  # its output follows directly
                    yield ""

    def _event(self, event: Event) -> Iterator[str]:
        if isinstance(event, Prompt):
            self._spoke = True
            yield from _block("> ", "  ", _paragraphs(event.text))
        elif isinstance(event, Prose):
            self._spoke = True
            yield from _block("⏺ ", "  ", _paragraphs(event.text))
        elif isinstance(event, ToolCall):
            self._calls[event.call_id] = event
            yield f"⏺ {event.name}({event.label})"
        elif isinstance(event, ToolOutput):
            call = self._calls.pop(event.call_id, None)
            yield from _block(OUTPUT_GUTTER, OUTPUT_INDENT, _call_output(call, event, self.options))
        elif isinstance(event, Summary):
            yield from self._summary(event)
        elif isinstance(event, Sidechain) and self.options.fold_sidechains:
            yield from self._sidechain(event)

    def _summary(self, event: Summary) -> Iterator[str]:
        """A compaction recap repeats what is already above it; alone, it is the only account
        of the earlier part (a session continued in a new file), so it is shown as prose."""
        if self._spoke or not event.text.strip():
            return
        self._spoke = True
        yield "⏺ (summary of the earlier conversation)"
        yield from _block("  ", "  ", _paragraphs(event.text))

    def _sidechain(self, event: Sidechain) -> Iterator[str]:
        """A sub-agent's work, indented under the call that started it."""
        inner = Renderer(self.options)
        lines = [line for line in inner.lines(event.events) if line.strip()]
        yield from _block(OUTPUT_GUTTER, OUTPUT_INDENT, lines)

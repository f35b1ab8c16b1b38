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

from publisher.sessions.events import (
    Event,
    Prompt,
    Prose,
    Sidechain,
    Summary,
    ToolCall,
    ToolOutput,
)
from publisher.sessions.trim import trim_output

OUTPUT_GUTTER = "  ⎿  "
OUTPUT_INDENT = "     "
LINE_MAX = 1000


@dataclass(frozen=True)
class RenderOptions:
    """Output limits; the defaults keep a block to at most ~36 lines."""

    head: int = 8
    tail: int = 8
    signal_lines: int = 20
    fold_sidechains: bool = True


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
    trimmed = trim_output(lines, options.head, options.tail, options.signal_lines)
    lines = [line for line in trimmed if line.strip()]
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

"""Secrets that span lines: PEM private keys, Kubernetes Secret ``data:``, a password typed
into a shell prompt.

A private key is redacted as a whole block (BEGIN line, body and END line), also when it is
written on one line with ``\\n`` escapes (a service-account JSON) or cut off before its END line.
Public keys and certificates are kept: a post may need them. Newlines inside a block are kept
as they were so that line numbers after the block do not move.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.redact.filters import is_placeholder

Span = tuple[str, int, int]

PEM_RE = re.compile(
    r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
    r"(?:.{0,20000}?-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
    r"|(?:(?:\n|\\n)[ \t\"]*[A-Za-z0-9+/=:,\- ]{0,80})*)",
    re.DOTALL,
)

SECRET_KIND_RE = re.compile(r"^\s*kind:\s*Secret\s*$", re.MULTILINE)
DATA_RE = re.compile(r"^(?P<indent>[ \t]*)(?:data|stringData):\s*$", re.MULTILINE)
ITEM_RE = re.compile(
    r"^(?P<indent>[ \t]*)[\w.\-]+:[ \t]*(?P<val>[^\s#][^\n]*?)[ \t]*$", re.MULTILINE
)
DOC_EDGE_RE = re.compile(r"^(?:---[ \t]*$|```|~~~)", re.MULTILINE)

PROMPT_RE = re.compile(
    r"(?i)(?:\[sudo\] password for \S+|password(?: for [^\n:]{1,60})?|passphrase[^\n:]{0,60}"
    r"|пароль[^\n:]{0,40}):[ \t]*$",
    re.MULTILINE,
)
NOT_FOUND_RE = re.compile(
    r"(?:^|\s)(?:(?:bash|zsh|sh|fish|ksh)(?:: line \d+)?: )?"
    r"(?:command not found:\s*(?P<a>\S+)|(?P<b>\S+): (?:command not found|не найдена команда"
    r"|команда не найдена)|Unknown command:?\s*['\"]?(?P<c>[^\s'\"]+))",
    re.MULTILINE,
)
PROMPT_WINDOW = 4
PGPASS_RE = re.compile(
    r"^[ \t]*(?:[\w.\-]+|\*):(?:\d+|\*):(?:[\w.\-]+|\*):(?:[\w.\-@]+|\*):(?P<val>[^\s:]\S*)[ \t]*$",
    re.MULTILINE,
)


def pem_blocks(text: str) -> Iterator[Span]:
    """Every private-key block, whole."""
    for match in PEM_RE.finditer(text):
        yield "private-key", match.start(), match.end()


def _document(text: str, pos: int) -> tuple[int, int]:
    """The YAML document around ``pos``: between ``---`` or code-fence lines."""
    before = [m.end() for m in DOC_EDGE_RE.finditer(text, 0, pos)]
    after = DOC_EDGE_RE.search(text, pos)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def k8s_secret_data(text: str) -> Iterator[Span]:
    """Values under ``data:``/``stringData:`` of a manifest whose kind is Secret."""
    for data in DATA_RE.finditer(text):
        start, end = _document(text, data.start())
        if not SECRET_KIND_RE.search(text, start, end):
            continue
        indent = len(data.group("indent"))
        pos = data.end() + 1
        while pos < end:
            line_end = text.find("\n", pos)
            line_end = end if line_end == -1 or line_end > end else line_end
            item = ITEM_RE.match(text, pos, line_end)
            if item is None or len(item.group("indent")) <= indent:
                break
            yield "k8s-secret", item.start("val"), item.end("val")
            pos = line_end + 1


def prompt_echo(text: str) -> Iterator[Span]:
    """A password typed where a command was expected, shown by the shell's complaint."""
    for prompt in PROMPT_RE.finditer(text):
        pos = prompt.end() + 1
        for _ in range(PROMPT_WINDOW):
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end == -1 else line_end
            found = NOT_FOUND_RE.search(text, pos, line_end)
            if found:
                group = next(g for g in "abc" if found.group(g))
                yield "password", found.start(group), found.end(group)
                break
            pos = line_end + 1
            if pos >= len(text):
                break


def pgpass_lines(text: str) -> Iterator[Span]:
    """``host:port:database:user:password`` lines of a ``.pgpass`` file (run when one is
    mentioned)."""
    for match in PGPASS_RE.finditer(text):
        if not is_placeholder(match.group("val")):
            yield "password", match.start("val"), match.end("val")

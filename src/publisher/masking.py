"""Secrets never reach the terminal: setting values and URL credentials are masked on output.

A secret can surface in many messages: ``config`` and ``doctor`` print settings, and an error
from ``requests`` or the SDK may echo ``https://user:pass@host``. Rather than trusting every
message to be careful, the CLI masks the text where it leaves the process: once the settings are
loaded, stdout and stderr are wrapped so each secret value and every URL's userinfo is replaced.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from pydantic import BaseModel, SecretStr

MASK = "********"
USERINFO_RE = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@\"']+@")
MIN_SECRET_CHARS = 4  # shorter values would mask ordinary words


def mask_userinfo(text: str) -> str:
    """``https://user:pass@host/x`` -> ``https://********@host/x``; other text unchanged."""
    return USERINFO_RE.sub(rf"\g<scheme>{MASK}@", text)


def _values(node: Any) -> Iterator[Any]:
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _values(getattr(node, name))
    elif isinstance(node, dict):
        for value in node.values():
            yield from _values(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _values(value)
    else:
        yield node


def secrets_of(settings: BaseModel) -> list[str]:
    """Every secret in the settings: SecretStr values and the userinfo of URLs."""
    found: set[str] = set()
    for value in _values(settings):
        if isinstance(value, SecretStr):
            found.add(value.get_secret_value())
        elif isinstance(value, str):
            for match in USERINFO_RE.finditer(value):
                userinfo = match.group(0)[len(match.group("scheme")) : -1]
                found.update({userinfo, *userinfo.split(":", 1)[1:]})
    return sorted((s for s in found if len(s) >= MIN_SECRET_CHARS), key=len, reverse=True)


class Masker:
    """Replaces known secrets (longest first) and any URL userinfo in a text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = [s for s in secrets if len(s) >= MIN_SECRET_CHARS]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return mask_userinfo(text)


class MaskedStream:
    """A text stream that masks what is written and behaves like the stream it wraps."""

    def __init__(self, stream: TextIO, masker: Masker) -> None:
        self.wrapped = stream
        self.masker = masker

    def write(self, text: str) -> int:
        self.wrapped.write(self.masker(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def mask_output(settings: BaseModel) -> None:
    """Wrap stdout and stderr so nothing printed from here on shows a secret of ``settings``."""
    masker = Masker(secrets_of(settings))
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        inner = stream.wrapped if isinstance(stream, MaskedStream) else stream
        setattr(sys, name, MaskedStream(inner, masker))

"""The ``[redact]`` configuration section.

Redaction itself cannot be switched off, by the config or by a note: these settings only add
detectors (``extra``), spare known harmless values (``allow``) and opt into redacting internal
hosts. Patterns are compiled once, when the settings are validated, so a bad regex is a
configuration error at start-up rather than a crash in the middle of a run.
"""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator

KIND_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


class RedactSettings(BaseModel):
    """How secrets are redacted from notes before anything else sees them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allow: list[str] = Field(
        default_factory=list,
        description="Values never redacted: literal strings, or regexes written as /pattern/.",
    )
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="More secret kinds: name -> regex; the whole match (or group 1) is redacted.",
    )
    internal_hosts: bool = Field(
        default=False,
        description="Also redact private IP addresses and internal host names (*.internal, …).",
    )

    @field_validator("allow")
    @classmethod
    def _allow_compiles(cls, value: list[str]) -> list[str]:
        for item in value:
            if _is_regex(item):
                _compile(item[1:-1], "allow")
        return value

    @field_validator("extra")
    @classmethod
    def _extra_compiles(cls, value: dict[str, str]) -> dict[str, str]:
        for name, pattern in value.items():
            if not KIND_RE.match(name):
                raise ValueError(f"extra: {name!r} must be lowercase letters, digits and '-'")
            _compile(pattern, f"extra.{name}")
        return value

    @cached_property
    def allow_literals(self) -> frozenset[str]:
        return frozenset(item for item in self.allow if not _is_regex(item))

    @cached_property
    def allow_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(item[1:-1]) for item in self.allow if _is_regex(item))

    @cached_property
    def extra_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((name, re.compile(pattern)) for name, pattern in self.extra.items())

    def allows(self, value: str) -> bool:
        """True when the user listed this value (or a pattern matching all of it) as harmless."""
        if value in self.allow_literals:
            return True
        return any(pattern.fullmatch(value) for pattern in self.allow_patterns)


def _is_regex(item: str) -> bool:
    return len(item) >= 2 and item.startswith("/") and item.endswith("/")


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{where}: not a valid regex: {exc}") from exc


DEFAULT_SETTINGS = RedactSettings()

"""The settings tables of ``publisher.toml``, one model per section, each key declared.

:class:`publisher.config.Settings` puts them together and reads the file and the environment;
import them from :mod:`publisher.config`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)


def deadline_field(default: float, what: str, past_it: str) -> Any:
    """A total deadline for one network call, beside its per-read ``timeout``: a server that
    drips a byte now and then never trips a read timeout, so every client has both."""
    return Field(
        default=default, gt=0, description=f"seconds {what} may take in total; past it {past_it}"
    )


class Section(BaseModel):
    """A settings table: a key it does not declare is a typo, reported, never ignored."""

    model_config = ConfigDict(extra="forbid")


class ModelPrice(Section):
    """USD per million tokens."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cache_write: float = Field(ge=0)
    cache_read: float = Field(ge=0)


PRICES_CHECKED = "2026-12-07"  # against Anthropic's model pages and pricing (docs/providers.md)


def default_prices() -> dict[str, ModelPrice]:
    """USD per million tokens as published (cache_write: the 5-minute write), checked on
    ``PRICES_CHECKED``; a dated snapshot is priced by its family's prefix."""
    return {
        "claude-sonnet-5-5": ModelPrice(input=2.0, output=10.0, cache_write=2.50, cache_read=0.10),
        "claude-sonnet-5": ModelPrice(input=2.0, output=10.0, cache_write=2.50, cache_read=0.20),
        "claude-sonnet-4-5": ModelPrice(input=3.0, output=15.0, cache_write=3.75, cache_read=0.30),
        "claude-opus-5-5": ModelPrice(input=4.0, output=20.0, cache_write=5.0, cache_read=0.20),
        "claude-opus-5": ModelPrice(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50),
        "claude-opus-4-5": ModelPrice(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50),
        "claude-haiku-5-5": ModelPrice(input=0.1, output=0.5, cache_write=0.125, cache_read=0.01),
        "claude-haiku-4-5": ModelPrice(input=1.0, output=5.0, cache_write=1.25, cache_read=0.10),
    }


class AnthropicSettings(Section):
    api_key: SecretStr | None = None
    base_url: str | None = None
    max_retries: int = Field(default=3, ge=0, le=10)
    timeout: float = Field(default=120.0, gt=0)
    deadline: float = deadline_field(600.0, "one call, SDK retries included,", "the run stops")


class ClaudeCliSettings(Section):
    executable: str = "claude"
    timeout: float = Field(default=300.0, gt=0)


class OpenAISettings(Section):
    base_url: str = "http://127.0.0.1:11434/v1"
    api_key: SecretStr | None = None
    timeout: float = Field(default=300.0, gt=0)
    deadline: float = deadline_field(900.0, "one call", "the run stops")


class LLMSettings(Section):
    """How posts are written, whatever the provider."""

    max_tokens: int = Field(default=8000, ge=256, le=64000)
    humor: bool = True
    prompts_dir: Path | None = Field(
        default=None,
        description="a folder of prompt files to use instead of the ones shipped in the package",
    )
    invented_numbers: Literal["warn", "fail"] = "warn"

    @property
    def prompts_folder(self) -> Path:
        """``prompts_dir`` if set, else the prompts shipped in the package (any working dir)."""
        from publisher.resources import default_prompts_dir

        return self.prompts_dir or default_prompts_dir()


class SelectorSettings(Section):
    min_lines: int = Field(default=40, ge=1)
    max_lines: int = Field(default=60, ge=1)
    max_line_chars: int = Field(default=300, ge=20)

    @model_validator(mode="after")
    def _min_le_max(self) -> SelectorSettings:
        if self.min_lines > self.max_lines:
            raise ValueError(f"min_lines ({self.min_lines}) > max_lines ({self.max_lines})")
        return self


class SessionSettings(Section):
    """How agent sessions are read: every session source, and session files in notes_dir."""

    idle_minutes: float = Field(
        default=60.0,
        ge=0,
        description="a session written to within this many minutes is still going: not taken yet",
    )
    sidechains: Literal["fold", "omit"] = Field(
        default="fold",
        description="sub-agent turns: folded under the call that started them, or left out",
    )
    output_head: int = Field(default=8, ge=0, description="first lines kept of a tool output")
    output_tail: int = Field(default=8, ge=0, description="last lines kept of a tool output")
    output_signal_lines: int = Field(
        default=20, ge=0, description="error-like lines kept from the middle of a tool output"
    )
    min_user_turns: int = Field(default=1, ge=0, description="fewer prompts: not a note")
    min_lines: int = Field(default=0, ge=0, description="fewer rendered lines: not a note")


SourceKind = Literal["notes", "claude-code", "codex"]
DEFAULT_ROOTS: dict[str, Path] = {
    "claude-code": Path("~/.claude/projects"),
    "codex": Path("~/.codex/sessions"),
}


class SourceSettings(Section):
    """One ``[[sources]]`` entry: where notes come from and which of them to take."""

    kind: SourceKind = Field(default="notes", description="notes, claude-code or codex")
    roots: list[Path] = Field(
        default_factory=list,
        description="folders to read; default notes_dir, ~/.claude/projects or ~/.codex/sessions",
    )
    project: str | None = Field(
        default=None, description="only sessions whose working directory matches this glob"
    )
    since: date | None = Field(default=None, description="only sessions active on or after")
    min_user_turns: int | None = Field(
        default=None, ge=0, description="overrides sessions.min_user_turns for this source"
    )
    min_lines: int | None = Field(
        default=None, ge=0, description="overrides sessions.min_lines for this source"
    )

    def folders(self, notes_dir: Path) -> list[Path]:
        if self.roots:
            return [root.expanduser() for root in self.roots]
        if self.kind == "notes":
            return [notes_dir]
        return [DEFAULT_ROOTS[self.kind].expanduser()]


def default_sources() -> list[SourceSettings]:
    return [SourceSettings()]


class StrapiFields(Section):
    """The content type's field names. The page fields (description and below) may be set to
    "" for a content type that lacks them: they are then not sent."""

    title: str = "title"
    slug: str = "slug"
    body: str = "body"
    cover: str = "cover"
    external_id: str = "external_id"
    description: str = Field(default="description", description="one sentence, localized")
    date: str = Field(default="date", description="datetime: note `created` or first seen")
    tags: str = Field(default="tags", description="JSON list of strings")
    project: str = Field(default="project", description="short text")
    reading_time: str = Field(default="reading_time", description="integer minutes, localized")


class StrapiSettings(Section):
    url: str | None = None
    token: SecretStr | None = None
    collection: str = Field(default="notes", pattern=r"^[a-z][a-z0-9-]*$")
    fields: StrapiFields = Field(default_factory=StrapiFields)
    draft: bool = False
    timeout: float = Field(default=20.0, gt=0)
    deadline: float = deadline_field(120.0, "one HTTP request", "the run stops")
    max_retries: int = Field(default=4, ge=0, le=10)
    max_retry_wait: float = Field(default=30.0, ge=0)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f"must be an http(s) URL, got {value!r}")
        return value.rstrip("/")


class UnsplashSettings(Section):
    access_key: SecretStr | None = None
    mode: Literal["upload", "hotlink"] = "upload"
    app_name: str = "publisher"
    hourly_limit: int = Field(default=50, ge=0)
    timeout: float = Field(default=10.0, gt=0)
    deadline: float = deadline_field(
        60.0, "one request or image download", "the cover falls back to a generated one"
    )
    max_bytes: int = Field(default=8_000_000, ge=10_000)


class RateLimits(Section):
    """Requests per service, shared by all workers; bursts up to ``concurrency`` at once."""

    llm_per_minute: float = Field(
        default=50.0,
        gt=0,
        description="the starting LLM pace; the anthropic provider then follows the API's "
        "rate-limit headers (up and down) and retry-after",
    )
    strapi_per_second: float = Field(default=20.0, gt=0)
    unsplash_per_second: float = Field(default=2.0, gt=0)

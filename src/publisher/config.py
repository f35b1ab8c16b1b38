"""Settings: a TOML file overridden by environment variables.

Precedence, highest first: ``PUBLISHER_*`` variables (nested keys with ``__``, e.g.
``PUBLISHER_STRAPI__COLLECTION``), the standard variables other tools already use
(``ANTHROPIC_API_KEY``, ``STRAPI_URL``, ``STRAPI_TOKEN``, ``UNSPLASH_ACCESS_KEY``), the TOML
file (``--config``, ``PUBLISHER_CONFIG`` or ``./publisher.toml``), then the defaults below.
Relative paths are taken from the working directory, so a cron line should ``cd`` into the
blog's folder first.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from publisher.config_keys import check_env, unknown_key_message
from publisher.errors import ConfigError
from publisher.redact.settings import RedactSettings

LOCALE_RE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-zA-Z]{1,3})?$")
ProviderName = Literal["anthropic", "claude-cli", "openai-compatible"]

# Standard variable -> nested settings key.
STANDARD_ENV = {
    "ANTHROPIC_API_KEY": ("anthropic", "api_key"),
    "ANTHROPIC_BASE_URL": ("anthropic", "base_url"),
    "STRAPI_URL": ("strapi", "url"),
    "STRAPI_TOKEN": ("strapi", "token"),
    "UNSPLASH_ACCESS_KEY": ("unsplash", "access_key"),
}


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


def _default_prices() -> dict[str, ModelPrice]:
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
    deadline: float = Field(
        default=600.0,
        gt=0,
        description="seconds one call may take in total, SDK retries included; past it the run "
        "stops (a server dripping bytes never trips the per-read timeout)",
    )


class ClaudeCliSettings(Section):
    executable: str = "claude"
    timeout: float = Field(default=300.0, gt=0)


class OpenAISettings(Section):
    base_url: str = "http://127.0.0.1:11434/v1"
    api_key: SecretStr | None = None
    timeout: float = Field(default=300.0, gt=0)
    deadline: float = Field(
        default=900.0, gt=0, description="seconds one call may take in total; past it the run stops"
    )


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


def _default_sources() -> list[SourceSettings]:
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
    deadline: float = Field(
        default=120.0,
        gt=0,
        description="seconds one HTTP request may take in total; past it the run stops",
    )
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
    deadline: float = Field(
        default=60.0,
        gt=0,
        description="seconds one request or image download may take in total; past it the "
        "cover falls back to a generated one",
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


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PUBLISHER_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

    notes_dir: Path = Path("notes")
    state_dir: Path = Path(".publisher")
    site_dir: Path = Path("site")
    target: Literal["strapi", "files"] | None = None
    primary_locale: str = "ru"
    locales: list[str] = Field(default_factory=lambda: ["ru", "en"])
    provider: ProviderName = "anthropic"
    model: str = "claude-sonnet-5-5"
    concurrency: int = Field(default=4, ge=1, le=64)
    max_note_bytes: int = Field(default=10_000_000, ge=1_000)
    pending_alert_hours: float = Field(
        default=6.0,
        gt=0,
        description="a note waiting on a service longer than this is reported and the run "
        "exits 1, so an outage cannot stay silent under --quiet",
    )

    llm: LLMSettings = Field(default_factory=LLMSettings)
    anthropic: AnthropicSettings = Field(default_factory=AnthropicSettings)
    claude_cli: ClaudeCliSettings = Field(default_factory=ClaudeCliSettings)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    selector: SelectorSettings = Field(default_factory=SelectorSettings)
    sessions: SessionSettings = Field(default_factory=SessionSettings)
    sources: list[SourceSettings] = Field(default_factory=_default_sources)
    strapi: StrapiSettings = Field(default_factory=StrapiSettings)
    unsplash: UnsplashSettings = Field(default_factory=UnsplashSettings)
    rate_limits: RateLimits = Field(default_factory=RateLimits)
    redact: RedactSettings = Field(default_factory=RedactSettings)
    prices: dict[str, ModelPrice] = Field(default_factory=_default_prices)

    @field_validator("locales")
    @classmethod
    def _locales(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one locale is required")
        for code in value:
            if not LOCALE_RE.match(code):
                raise ValueError(f"{code!r} is not a locale code like 'ru' or 'en'")
        if len(set(value)) != len(value):
            raise ValueError("locales repeat")
        return value

    @field_validator("prices", mode="after")
    @classmethod
    def _with_default_prices(cls, value: dict[str, ModelPrice]) -> dict[str, ModelPrice]:
        """A price table in the config adds to the built-in one instead of replacing it."""
        return {**_default_prices(), **value}

    @model_validator(mode="after")
    def _resolve(self) -> Settings:
        if self.primary_locale not in self.locales:
            raise ValueError(
                f"primary_locale {self.primary_locale!r} is not one of locales {self.locales}"
            )
        if self.target is None:
            self.target = "strapi" if self.strapi.url else "files"
        if self.target == "strapi" and not self.strapi.url:
            raise ValueError("target is 'strapi' but strapi.url (STRAPI_URL) is not set")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            StandardEnvSource(settings_cls),
            TomlConfigSettingsSource(settings_cls),
        )


class StandardEnvSource(PydanticBaseSettingsSource):
    """Reads the variables that other tools already define, so users don't set them twice."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for var, (section, key) in STANDARD_ENV.items():
            if os.environ.get(var):
                values.setdefault(section, {})[key] = os.environ[var]
        return values


LOCAL_CONFIG = Path("publisher.toml")


def config_path_from_env(explicit: Path | None) -> Path | None:
    """``--config``, else ``$PUBLISHER_CONFIG``, else ``./publisher.toml`` if the folder has one
    (what ``publisher init`` writes), else none: defaults and environment only."""
    if explicit is not None:
        return explicit
    env = os.environ.get("PUBLISHER_CONFIG")
    if env:
        return Path(env)
    return LOCAL_CONFIG if LOCAL_CONFIG.is_file() else None


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings, turning every problem into one ConfigError line naming the key."""
    path = config_path_from_env(config_file)
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc

    class FileSettings(Settings):
        model_config = SettingsConfigDict(toml_file=path)

    try:
        check_env(Settings, os.environ)
    except ValueError as exc:
        raise ConfigError(f"config: {exc}") from exc
    try:
        return FileSettings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc)) from exc


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming the key; an unknown key (a typo) first, with the closest valid one."""
    from publisher.masking import mask_userinfo

    errors = exc.errors()
    typos = [error for error in errors if error["type"] == "extra_forbidden"]
    first = (typos or errors)[0]
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    if typos:
        return f"config: {unknown_key_message(Settings, first['loc'])}{more}"
    key = ".".join(str(part) for part in first["loc"]) or "config"
    msg = mask_userinfo(first["msg"].removeprefix("Value error, "))
    return f"config: {key}: {msg}{more}"


def masked_dump(settings: Settings) -> dict[str, Any]:
    """The effective settings as JSON-able data, secrets shown only as set/unset and URLs
    without their ``user:password@``."""
    from publisher.masking import MASK, mask_userinfo

    data = settings.model_dump(mode="json")

    def mask(node: Any, model: Any) -> Any:
        if isinstance(model, BaseModel):
            return {key: mask(node[key], getattr(model, key)) for key in node}
        if isinstance(model, SecretStr):
            return MASK
        if isinstance(node, str):
            return mask_userinfo(node)
        return node

    masked: dict[str, Any] = mask(data, settings)
    return masked

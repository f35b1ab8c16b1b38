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
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
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
from publisher.config_sections import (
    DEFAULT_ROOTS,
    PRICES_CHECKED,
    AnthropicSettings,
    ClaudeCliSettings,
    LLMSettings,
    ModelPrice,
    OpenAISettings,
    RateLimits,
    Section,
    SelectorSettings,
    SessionSettings,
    SourceKind,
    SourceSettings,
    StrapiFields,
    StrapiSettings,
    UnsplashSettings,
    default_prices,
    default_sources,
)
from publisher.errors import ConfigError
from publisher.redact.settings import RedactSettings

__all__ = [
    "DEFAULT_ROOTS",
    "PRICES_CHECKED",
    "AnthropicSettings",
    "ClaudeCliSettings",
    "LLMSettings",
    "ModelPrice",
    "OpenAISettings",
    "RateLimits",
    "Section",
    "SelectorSettings",
    "SessionSettings",
    "Settings",
    "SourceKind",
    "SourceSettings",
    "StrapiFields",
    "StrapiSettings",
    "UnsplashSettings",
    "config_path_from_env",
    "describe_validation_error",
    "load_settings",
    "masked_dump",
]

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
    sources: list[SourceSettings] = Field(default_factory=default_sources)
    strapi: StrapiSettings = Field(default_factory=StrapiSettings)
    unsplash: UnsplashSettings = Field(default_factory=UnsplashSettings)
    rate_limits: RateLimits = Field(default_factory=RateLimits)
    redact: RedactSettings = Field(default_factory=RedactSettings)
    prices: dict[str, ModelPrice] = Field(default_factory=default_prices)

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
        return {**default_prices(), **value}

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

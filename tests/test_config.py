from __future__ import annotations

from pathlib import Path

import pytest

from publisher.config import load_settings, masked_dump
from publisher.errors import ConfigError


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "publisher.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_pick_files_target_and_ru_primary() -> None:
    settings = load_settings()
    assert settings.target == "files"
    assert settings.primary_locale == "ru"
    assert settings.locales == ["ru", "en"]
    assert settings.strapi.collection == "notes"
    assert settings.strapi.fields.external_id == "external_id"


def test_toml_then_env_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_toml(
        tmp_path, 'notes_dir = "from-toml"\nconcurrency = 3\n[strapi]\ncollection = "posts"\n'
    )
    settings = load_settings(path)
    assert settings.notes_dir == Path("from-toml")
    assert settings.concurrency == 3
    assert settings.strapi.collection == "posts"
    monkeypatch.setenv("PUBLISHER_CONCURRENCY", "7")
    monkeypatch.setenv("PUBLISHER_STRAPI__COLLECTION", "articles")
    settings = load_settings(path)
    assert settings.concurrency == 7
    assert settings.strapi.collection == "articles"


def test_config_file_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_CONFIG", str(write_toml(tmp_path, 'model = "claude-x"\n')))
    assert load_settings().model == "claude-x"


def test_standard_env_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRAPI_URL", "http://127.0.0.1:1337/")
    monkeypatch.setenv("STRAPI_TOKEN", "s3cret-token")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-xyz")
    monkeypatch.setenv("UNSPLASH_ACCESS_KEY", "unsplash-key")
    settings = load_settings()
    assert settings.target == "strapi"
    assert settings.strapi.url == "http://127.0.0.1:1337"
    assert settings.strapi.token is not None
    assert settings.strapi.token.get_secret_value() == "s3cret-token"
    dumped = str(masked_dump(settings))
    for secret in ("s3cret-token", "sk-ant-xyz", "unsplash-key"):
        assert secret not in dumped
    assert masked_dump(settings)["strapi"]["token"] == "********"


def test_price_table_extends_defaults(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        "[prices.my-model]\ninput = 1\noutput = 2\ncache_write = 1\ncache_read = 0.1\n",
    )
    prices = load_settings(path).prices
    assert prices["my-model"].output == 2
    assert "claude-sonnet-5-5" in prices


@pytest.mark.parametrize(
    ("env", "value", "expected"),
    [
        ("PUBLISHER_CONCURRENCY", "zero", "config: concurrency: Input should be a valid integer"),
        ("PUBLISHER_CONCURRENCY", "0", "config: concurrency: Input should be greater than"),
        ("PUBLISHER_PRIMARY_LOCALE", "de", "primary_locale 'de' is not one of locales"),
        ("PUBLISHER_LOCALES", '["ru", "english"]', "config: locales: 'english' is not a locale"),
        ("PUBLISHER_TARGET", "ftp", "config: target: Input should be 'strapi' or 'files'"),
        ("PUBLISHER_TARGET", "strapi", "strapi.url (STRAPI_URL) is not set"),
        ("PUBLISHER_PROVIDER", "gpt", "config: provider: Input should be"),
        ("STRAPI_URL", "localhost:1337", "config: strapi.url: must be an http(s) URL"),
        ("PUBLISHER_SELECTOR__MIN_LINES", "80", "config: selector: min_lines (80) > max_lines"),
    ],
)
def test_bad_values_give_one_line_naming_the_key(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert expected in message
    assert "\n" not in message


def test_unknown_key_in_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config: notes_folder: Extra inputs"):
        load_settings(write_toml(tmp_path, 'notes_folder = "x"\n'))


def test_broken_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write_toml(tmp_path, "notes_dir = \n"))
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_example_config_loads() -> None:
    example = Path(__file__).resolve().parents[1] / "config" / "publisher.example.toml"
    settings = load_settings(example)
    assert settings.notes_dir == Path("examples/notes")
    assert settings.primary_locale == "ru"

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


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('notes_folder = "x"\n', "config: notes_folder: unknown key; did you mean `notes_dir`?"),
        ("[llm]\nhumour = false\n", "config: llm.humour: unknown key; did you mean `humor`?"),
        (
            '[strapi.fields]\ntitel = "t"\n',
            "config: strapi.fields.titel: unknown key; did you mean `title`?",
        ),
        (
            "[rate_limits]\nzzz = 1\n",
            "config: rate_limits.zzz: unknown key; valid keys here: llm_per_minute, "
            "strapi_per_second, unsplash_per_second",
        ),
    ],
)
def test_an_unknown_key_names_the_closest_valid_one(
    tmp_path: Path, toml: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write_toml(tmp_path, toml))
    assert str(info.value) == expected


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        (
            "PUBLISHER_CONCURENCY",
            "config: environment variable PUBLISHER_CONCURENCY is not a setting; "
            "did you mean `PUBLISHER_CONCURRENCY`?",
        ),
        (
            "PUBLISHER_LLM__HUMOUR",
            "config: environment variable PUBLISHER_LLM__HUMOUR is not a setting; "
            "did you mean `PUBLISHER_LLM__HUMOR`?",
        ),
        ("PUBLISHER_XYZZY", "config: environment variable PUBLISHER_XYZZY is not a setting"),
    ],
)
def test_an_unknown_publisher_variable_is_an_error(
    monkeypatch: pytest.MonkeyPatch, variable: str, expected: str
) -> None:
    monkeypatch.setenv(variable, "1")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(info.value) == expected


def test_free_form_tables_and_the_config_variable_are_not_typos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_CONFIG", str(write_toml(tmp_path, "")))
    monkeypatch.setenv(
        "PUBLISHER_PRICES__MY_MODEL",
        '{"input": 1, "output": 2, "cache_write": 1, "cache_read": 0.1}',
    )
    assert load_settings().prices["my_model"].output == 2


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

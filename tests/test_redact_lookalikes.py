"""Look-alikes that stand where a secret would, and the secrets in the same places.

A data-type word after a secret name (``token: timestamp only``), a template with named fields
(``paybox:{event id}``), a key qualified as data (``ключ идемпотентности``, ``Cache saved with
key:``) and a cache key built from a label and a digest are kept; a password, token or API key
in the same shapes of line is still replaced.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.redact import redact
from publisher.redact.filters import is_content_address, is_placeholder
from publisher.redact.names import qualified_away

HOLDOUT3 = Path(__file__).resolve().parent / "data" / "notes_new" / "holdout3"
SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
SHA1 = "b1d6a3f27c0e55d4e21f0a9c3b7d8e6f41a2c9d0"
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
RANDOM = "Zq8wX2vB7nM4kL1pR9tY"


@pytest.mark.parametrize(
    "text",
    [
        "\tif len(parts) == 1 { // v1 token: timestamp only",
        "api notes: refresh_token: opaque, lives 30 days",
        "token: uuid",
        "1. ключ идемпотентности = `paybox:{event id}`, плюс уникальный индекс",
        "ключ идемпотентности: 7f1c2e9a-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        "RATE_LIMIT_TOKEN = user:{user_id}:bucket",
        'reset_token = "reset:%(user_id)s"',
        f"Cache saved with key: deps-Linux-{SHA256}",
        f"  key: pip-Linux-3.12-{SHA256}",
        f"Cache restored from key: npm-Linux-{SHA256}-{SHA1}",
        f"> Appending input value fingerprint for 'items' to build cache key: {SHA1[:32]}",
    ],
)
def test_look_alike_in_a_secret_position_survives_verbatim(text: str) -> None:
    assert redact(text).text == text


def test_a_cache_key_is_not_known_so_its_copies_in_other_lines_survive() -> None:
    text = (
        f"Cache hit occurred on the primary key deps-Linux-{SHA256}, not saving cache.\n"
        f"Cache not found for input keys: deps-Linux-{SHA256}\n"
        f"Cache saved with key: deps-Linux-{SHA256}\n"
    )
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("password: sunshine", "sunshine"),
        ("token: hunter2x", "hunter2x"),
        (f"export API_KEY={SHA256}", SHA256),
        (f"ключ = {STRIPE}", STRIPE),
        (f"ключ = {RANDOM}", RANDOM),
        (f"key: {SHA256}", SHA256),  # a bare digest under a bare key: no label, still a key
        (f"password: deps-Linux-{SHA256}", f"deps-Linux-{SHA256}"),  # the name says password
        (f"Cache server api key: {RANDOM}", RANDOM),  # "api" is the nearest qualifier
        (f"ключ API кэша = {RANDOM}", RANDOM),
        ("пароль кэша = Qwerty123!", "Qwerty123!"),  # a cache's password is a credential
        ("REDIS_CACHE_PASSWORD=Orange8828!ak9 ./warm", "Orange8828!ak9"),
        ("PRIMARY_DB_PASSWORD=Lumen995!V3K", "Lumen995!V3K"),
        ("// v1 token: hunter2x only", "hunter2x"),
        ("token: time4Xq9pL", "time4Xq9pL"),
        # Braces around a word inside a random-looking value do not make it a template.
        ("password: Pa{ss}w0rd", "Pa{ss}w0rd"),
        ("DB_PASSWORD={secret}x9Kq2", "{secret}x9Kq2"),
        ('api_key = "sk-{abc}Zq81LmN0pQ"', "sk-{abc}Zq81LmN0pQ"),
    ],
)
def test_secret_in_the_same_shape_of_line_is_still_replaced(text: str, value: str) -> None:
    result = redact(text)
    assert value not in result.text
    assert value in result.secrets


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (f"deps-Linux-{SHA256}", True),
        (f"setup-python-Linux-x64-22.04-python-3.12.7-pip-{SHA256}", True),
        (f"venv-Linux-py3.11.13-{SHA1}", True),
        (SHA256, False),  # no label
        (f"prod-{SHA256[:20]}", False),  # too short for a digest
        (f"deps-Linux-{RANDOM}-{SHA256}", False),  # a random-looking part beside the digest
        (f"sk-{SHA256}"[:20], False),
    ],
)
def test_content_address_is_a_label_with_a_whole_hex_digest(value: str, expected: bool) -> None:
    assert is_content_address(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("paybox:{event id}", True),
        ("user:{user_id}:cart", True),
        ("reset:%(user_id)s", True),
        ("timestamp", True),
        ("sunshine", False),
        ("Tr0ub4{dor", False),  # an unclosed brace is no field
        ("Pa{ss}w0rd", False),  # a field beside a random-looking part
        ("sk-{abc}Zq81LmN0pQ", False),
        ("hunter2x", False),
    ],
)
def test_templates_and_type_words_are_placeholders(value: str, expected: bool) -> None:
    assert is_placeholder(value) is expected


def test_the_qualifier_nearest_the_key_decides() -> None:
    assert qualified_away(["from", "restored", "Cache"])
    assert not qualified_away(["api", "server", "Cache"])
    assert qualified_away(["идемпотентности"])
    assert not qualified_away(["API", "кэша"])
    assert not qualified_away(["the", "with"])


@pytest.mark.parametrize(
    ("note", "line"),
    [
        ("h3a-go-cursor-ties.md", "\tif len(parts) == 1 { // v1 token: timestamp only"),
        (
            "h3b-01-webhook-idempotency-codex.md",
            "1. ключ идемпотентности = `paybox:{event id}`, плюс уникальный индекс",
        ),
        ("h3b-03-gha-cache-native-abi.md", "Cache not found for input keys: deps-Linux-5e0b9d41"),
        ("h3b-03-gha-cache-native-abi.md", "Cache saved with key: deps-Linux-5e0b9d41"),
    ],
)
def test_regression_guard_holdout3_notes_keep_their_look_alikes(note: str, line: str) -> None:
    text = (HOLDOUT3 / note).read_text(encoding="utf-8")
    assert line in text
    assert line in redact(text).text

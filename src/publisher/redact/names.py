"""Whether a key name (``DB_PASSWORD``, ``apiKey``, ``токен_бота``) names a secret.

The word list is detect-secrets' keyword denylist (password, passwd, pwd, secret, token,
api_key, private_key …) plus the Russian words a note uses (пароль, токен, ключ, секрет). A name
is split into words (snake, kebab, dotted and camel case) and judged by its words, so
``max_tokens``, ``token_type``, ``public_key``, ``secretName`` and ``password_min_length`` are
not secrets while ``GITHUB_TOKEN`` and ``client-secret`` are.
"""

from __future__ import annotations

import re
from enum import IntEnum

WORD_SPLIT = re.compile(r"[_\-.\s/\[\]]+|(?<=[a-zа-яё0-9])(?=[A-ZА-ЯЁ])")


class Strength(IntEnum):
    """How much a value needs to look random before the name alone makes it a secret."""

    NONE = 0
    WEAK = 1  # a bare ``key`` or ``auth``: only a random-looking value is a secret
    STRONG = 2  # ``password``, ``token``: any value that is not a placeholder


PASSWORD_WORDS = frozenset(
    "password passwd passwort pwd pass passphrase passcode pw pswd пароль пароля паролем".split()
)
SECRET_WORDS = frozenset("secret secrets секрет секрета".split())
TOKEN_WORDS = frozenset("token токен токена токеном apitoken authtoken".split())
KEY_WORDS = frozenset("apikey api_key appkey authkey privatekey privkey ключ ключа ключом".split())
CREDENTIAL_WORDS = frozenset("credential credentials creds cred dsn".split())
WEAK_WORDS = frozenset("key auth pin".split())
KEY_QUALIFIERS = frozenset(
    "api access secret private auth app client master encryption signing service account "
    "admin license sas storage webhook shared x consumer subscription bot deploy".split()
)
# A last word that makes the name about a secret rather than the secret itself.
NOT_VALUE_WORDS = frozenset(
    """
    name names id ids type types file path dir length len count size url uri endpoint host
    expiry expires expiration expire ttl timeout header field env var ref policy format version
    prompt hint label enabled required mode hash hashed algorithm alg fingerprint digest limit
    max min usage budget rotation provider source store manager helper command cmd location
    method strategy reset regex pattern template input style class public pub sha md5 checksum
    length_min length_max rule rules file_path filename secretname kind ref_name arn
    accessor duration policies
    """.split()
)
NOT_SECRET_WORDS = frozenset(
    "public pub max min num count tokens tokenizer tokenize bypass compass passes passed "
    "passing passenger primary foreign sort partition idempotency cache hotkey keyboard "
    "publishable "
    "monkey keyword keywords keys".split()
)
# The same qualifiers in Russian, as they follow ``ключ``/``токен`` (genitive) or precede it.
RU_NOT_SECRET_WORDS = frozenset(
    "идемпотентности кэша кеша кэширования кеширования сортировки партиционирования партиции "
    "шардирования шарда дедупликации первичный внешний публичный открытый".split()
)
RU_KEY_QUALIFIERS = frozenset("api апи доступа шифрования подписи бота сервиса".split())


def words_of(name: str) -> list[str]:
    return [word.lower() for word in WORD_SPLIT.split(name.strip("\"'`$ ")) if word]


GLUED_SUFFIXES = (
    "password",
    "passwd",
    "pwd",
    "pass",
    "token",
    "secret",
    "apikey",
    "secretkey",
    "accesskey",
    "privatekey",
    "пароль",
    "токен",
)


def _is_secret_word(word: str) -> bool:
    """A word of a name that means a secret, also glued (``PGPASSWORD``, ``authtoken``)."""
    if word in PASSWORD_WORDS | SECRET_WORDS | TOKEN_WORDS | KEY_WORDS | CREDENTIAL_WORDS:
        return True
    return word.endswith(GLUED_SUFFIXES) and word not in NOT_SECRET_WORDS


def kind_of(words: list[str]) -> str:
    """The placeholder kind a secret under this name gets."""
    joined = set(words)
    if "aws" in joined and joined & SECRET_WORDS:
        return "aws-secret-key"
    if "aws" in joined and "session" in joined:
        return "aws-session-token"
    if joined & PASSWORD_WORDS or any(
        w.endswith(("password", "passwd", "pwd", "pass")) for w in words
    ):
        return "password"
    if joined & TOKEN_WORDS or any(w.endswith("token") for w in words):
        return "token"
    if joined & SECRET_WORDS:
        return "secret"
    if joined & CREDENTIAL_WORDS:
        return "credential"
    return "api-key"


def qualified_away(nearest_first: list[str]) -> bool:
    """Whether the words around a bare key word, nearest first, say it is not a secret.

    A cache, sort or idempotency key names data (``Cache restored from key:``, ``ключ
    идемпотентности``); the qualifier nearest the key decides, so ``cache server api key``
    is still an API key.
    """
    for word in nearest_first:
        lowered = word.lower().strip("\"'`.,:;()[]")
        if lowered in KEY_QUALIFIERS or lowered in RU_KEY_QUALIFIERS:
            return False
        if lowered in NOT_SECRET_WORDS or lowered in RU_NOT_SECRET_WORDS:
            return True
    return False


def _names_a_password(words: list[str]) -> bool:
    """A password or secret stays one whatever qualifies it: ``cache``/``primary`` make a
    key data (``cache_key``), but ``REDIS_CACHE_PASSWORD`` is still a credential."""
    return bool(set(words) & (PASSWORD_WORDS | SECRET_WORDS)) or any(
        w.endswith(("password", "passwd", "secret")) for w in words
    )


def strength(name: str) -> Strength:
    """How strongly a key name says its value is a secret (see ``Strength``)."""
    words = words_of(name)
    if not words or words[-1] in NOT_VALUE_WORDS:
        return Strength.NONE
    if NOT_SECRET_WORDS & set(words) and not _names_a_password(words):
        return Strength.NONE
    best = Strength.NONE
    for i, word in enumerate(words):
        if _is_secret_word(word):
            return Strength.STRONG
        if word == "key" and i > 0 and words[i - 1] in KEY_QUALIFIERS:
            return Strength.STRONG
        if word in WEAK_WORDS:
            best = Strength.WEAK
    return best

"""Telling a secret value from a value that only stands where a secret would.

Over-redaction is a defect too: a post about rotating a key must keep ``<YOUR_TOKEN>``,
``${{ secrets.NPM_TOKEN }}``, ``changeme`` and ``sk-…****…Q7xA`` readable. The placeholder shapes
follow gitleaks' global allowlist (``$VAR``, ``${VAR}``, ``{{ … }}``, ``%VAR%``, GitHub Actions
expressions, runs of one letter) and detect-secrets' keyword false-positive list (``dummy``,
``changeme``, ``none``, ``null`` …); masks and ellipses are added because notes copy values from
dashboards that already hide them.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from publisher.redact.findings import PLACEHOLDER_OPEN

PLACEHOLDER_WORDS = frozenset(
    """
    password passwd pass pwd secret secrets token apikey api_key key value none null nil true
    false undefined changeme change_me changeit example sample dummy fake test testing todo
    placeholder redacted hidden masked removed omitted xxx your_password yourpassword
    your_token yourtoken your_api_key your-api-key your_secret mypassword mysecret mytoken
    secret123 password123 string str required optional default empty foo bar baz qwerty
    пароль токен ключ секрет скрыт скрыто удалено
    """.split()
)
# Names of a kind of data, as a schema or a comment writes them where a value would stand
# (``token: string``, ``api_key: uuid``, ``// v1 token: timestamp only``): a description of the
# value, never the value. Like detect-secrets' false-positive words, a word, not a shape.
TYPE_WORDS = frozenset(
    """
    timestamp timestamps datetime date time duration int integer uint number numeric float
    double decimal bool boolean text bytes byte binary blob uuid guid hex base64 json object
    array list map dict opaque random nonce
    """.split()
)

PLACEHOLDER_RE = re.compile(
    r"""^(?:
        <[^<>]*>                                # <YOUR_TOKEN>, <password>
      | \[[^\[\]]*\]                            # [hidden], [REDACTED]
      | \([^()]*\)                              # (hidden)
      | \$\{\{.*\}\}                            # ${{ secrets.X }}
      | \{\{.*\}\}                              # {{ vault_password }}
      | \$\{?[A-Za-z_][A-Za-z0-9_]*\}?          # $VAR, ${VAR}
      | \$\{[^}]*\}                             # ${VAR:-default}
      | \$\(.*\)                                # $(cat secret.txt)
      | %[A-Za-z_][A-Za-z0-9_]*%                # %VAR%
      | @[A-Za-z_]+@                            # @VAR@
      | (?:x|X|\*|\.|…|-|_|\#|•|0)+              # xxxx, ****, ...
      | (?i:your|my|some)[-_]?(?:password|passwd|pass|token|secret|api[-_]?key|key)\w*
      | (?i:enter|insert|put|replace)[-_ ]\w*
    )$""",
    re.VERBOSE,
)

MASKED_RE = re.compile(r"\*{3,}|•{3,}|…|\.{3}|x{5,}|X{5,}")
CODE_REF_RE = re.compile(
    r"^(?:os\.environ|os\.getenv|getenv|process\.env|env\(|ENV\[|secrets\.|vars\.|config\.|"
    r"settings\.|self\.|ctx\.|args\.|opts\.|request\.|req\.|std::|input\(|getpass|prompt\(|"
    r"read_secret|vault:|ref\+|arn:aws:|file:|!vault|sha256:|sha512:|sha1:|md5:)"
)


IDENTIFIER_RE = re.compile(
    r"^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z]+(?:_[a-z]+)+|[A-Za-z_]+(?:\.[A-Za-z_]+)+"
    r"|[A-Za-z_]\w*(?:\[[^\]]*\])+|[A-Za-z_][\w.]*\(.*\))$"
)


# Words and numbers joined by - _ . (nginx-502-keepalive, release-2024.06): a slug, not a key.
SLUG_RE = re.compile(r"^(?:[a-z]+|[0-9]+)(?:[-_.](?:[a-z]+|[0-9]+))+$")
# A pattern written where a value would stand (docs of a [redact] extra, a validator).
REGEX_LIKE_RE = re.compile(r"\[[a-zA-Z0-9]-[a-zA-Z0-9]|\\[dwsSbB]|\{\d+(?:,\d*)?\}")
# A named field of a template or format string (``paybox:{event id}``, ``user:{user_id}:cart``,
# Python's ``%(name)s``): the value describes how a string is built, it holds no secret.
TEMPLATE_FIELD_RE = re.compile(r"\{[^\W\d_][\w .\-]{1,40}\}|%\([A-Za-z_]\w*\)[sdr]")


# A hex digest as one segment of a value (md5 and longer: 32+ hex characters).
DIGEST_RE = re.compile(r"(?<![0-9A-Za-z])(?:[0-9a-f]{32,}|[0-9A-F]{32,})(?![0-9A-Za-z])")
LABEL_PART_RE = re.compile(r"^(?:[A-Za-z]+|v?\d+(?:\.\d+)*|[A-Za-z]+\d+)$")
LABEL_SPLIT_RE = re.compile(r"[-_.:/]+")


def is_content_address(value: str) -> bool:
    """A readable label joined to a hex digest (``deps-Linux-<sha256>``, ``pip-Linux-3.12-<sha>``).

    That is how a cache key or an artifact name is built: a prefix, the OS, versions, and the
    hash of the inputs (``hashFiles('package-lock.json')``). A digest is computed from files
    anyone may hold, so it says nothing secret; detect-secrets skips hashes for the same reason.
    Every other part must be a word, a number, a version or ``x64``-like, and at least one a
    word: a bare digest, or a digest glued to a random-looking part, is not a content address.
    """
    if not DIGEST_RE.search(value):
        return False
    parts = [p for p in LABEL_SPLIT_RE.split(DIGEST_RE.sub("-", value)) if p]
    has_word = any(p.isalpha() and len(p) >= 2 for p in parts)
    return has_word and all(LABEL_PART_RE.match(p) for p in parts)


def is_template(value: str) -> bool:
    """Named fields joined by plain words (``paybox:{event id}``, ``user:{user_id}:cart``): how
    a string is built. Fields beside a random-looking part (``sk-{abc}Zq81LmN0pQ``,
    ``Pa{ss}w0rd``) are a secret that happens to hold braces, and stay one."""
    rest = TEMPLATE_FIELD_RE.sub("-", value)
    return all(LABEL_PART_RE.match(part) for part in LABEL_SPLIT_RE.split(rest) if part)


def is_placeholder(value: str) -> bool:
    """True for values that stand in for a secret rather than being one: placeholders, masks,
    and references to where the secret lives (``SENTRY_DSN``, ``settings.token``, ``env("X")``).
    """
    stripped = value.strip().strip("\"'`")
    if not stripped or IDENTIFIER_RE.match(stripped) or REGEX_LIKE_RE.search(stripped):
        return True
    if TEMPLATE_FIELD_RE.search(stripped) and is_template(stripped):
        return True
    if PLACEHOLDER_OPEN in stripped or stripped.lower() in PLACEHOLDER_WORDS | TYPE_WORDS:
        return True
    if PLACEHOLDER_RE.match(stripped) or MASKED_RE.search(stripped):
        return True
    return bool(CODE_REF_RE.match(stripped))


def entropy(value: str) -> float:
    """Shannon entropy in bits per character (detect-secrets' high-entropy measure)."""
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_random(value: str, min_len: int = 8) -> bool:
    """A value shaped like a generated credential: long, letters and digits, high entropy.

    Words, identifiers (``o.warehouse_id``) and numbers fail; every generated key format
    passes, since 12+ random characters without a digit are rare.
    """
    if len(value) < min_len or " " in value:
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    if SLUG_RE.match(value) or REGEX_LIKE_RE.search(value):
        return False
    return has_digit and has_alpha and entropy(value) >= 3.0


def looks_like_password(value: str) -> bool:
    """A value that a password key may hold: anything that is not a placeholder or a path
    (nor prose caught between two code spans: a value that starts or ends with a space)."""
    if is_placeholder(value) or len(value) < 4 or value != value.strip(" ,;"):
        return False
    return not value.startswith(("/", "./", "~/", "http://", "https://"))


def allowed_in_prose(value: str) -> bool:
    """After ``password is`` in running text a value needs a secret's look, not a word's."""
    if len(value) < 6 or is_placeholder(value):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    mixed = any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
    return (has_digit and not value.isdigit()) or has_symbol or mixed


TOKEN_PLACEHOLDER_RE = re.compile(r"(?i)your|xxxx|placeholder|redacted|changeme|dummy|0000000000")


def is_placeholder_token(value: str) -> bool:
    """A provider-shaped token that is a documentation stand-in (``xoxb-your-token``).

    ``EXAMPLE`` is not in the list on purpose: a key ending in it is redacted anyway, since a
    missed secret costs far more than one redacted documentation key.
    """
    return bool(TOKEN_PLACEHOLDER_RE.search(value))


PUBLIC_VALUE_RE = re.compile(
    r"^(?:pk_(?:live|test)_\w+|AC[0-9a-f]{32}|(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+) .*"
    r"|AAAA(?:B3NzaC1yc2E|C3NzaC1lZDI1NTE5|E2VjZHNh)\S*)$"
)


def is_public(value: str) -> bool:
    """Values that are public by design though they sit under a key-ish name: Stripe
    publishable keys, Twilio account SIDs, SSH public keys."""
    return bool(PUBLIC_VALUE_RE.match(value))

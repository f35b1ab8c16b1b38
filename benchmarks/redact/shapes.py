"""Fake values of the right shape for the redaction dev corpus (never real secrets).

Each kind is generated from a seeded RNG following the public format descriptions (gitleaks'
rule list, provider docs): ``ghp_`` + 36 alphanumerics, ``AKIA`` + 16 base32 characters, and so
on. Look-alike kinds (git SHAs, UUIDs, digests, trace ids …) are generated the same way.
"""

from __future__ import annotations

import base64
import random
import string
import uuid
from collections.abc import Callable

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "-_"
B32 = string.ascii_uppercase + "234567"


def pick(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _password(rng: random.Random) -> str:
    words = ["Winter", "Orange", "Falcon", "Copper", "Meadow", "Rocket", "Lumen", "Quartz"]
    return (
        rng.choice(words)
        + str(rng.randint(10, 9999))
        + rng.choice("!#%&*-_.")
        + pick(rng, ALNUM, 3)
    )


def _jwt(rng: random.Random) -> str:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    sub, name = rng.randint(1000, 99999), rng.randint(1, 99)
    iat = rng.randint(16 * 10**8, 18 * 10**8)
    body = f'{{"sub":"{sub}","name":"user{name}","iat":{iat}}}'
    payload = base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")
    return f"{header}.{payload}.{pick(rng, URLSAFE, 43)}"


def _pem_body(rng: random.Random, lines: int) -> str:
    return "\n".join(pick(rng, B64, 64) for _ in range(lines)) + "\n" + pick(rng, B64, 24) + "=="


SECRETS: dict[str, Callable[[random.Random], str]] = {
    "aws-access-key-id": lambda r: "AKIA" + pick(r, B32, 16),
    "aws-temp-key-id": lambda r: "ASIA" + pick(r, B32, 16),
    "aws-secret-key": lambda r: pick(r, B64, 40),
    "aws-session-token": lambda r: "FwoGZXIvYXdzE" + pick(r, B64, 300),
    "github-pat": lambda r: "ghp_" + pick(r, ALNUM, 36),
    "github-oauth": lambda r: "gho_" + pick(r, ALNUM, 36),
    "github-app": lambda r: "ghs_" + pick(r, ALNUM, 36),
    "github-fine-grained": lambda r: "github_pat_" + pick(r, ALNUM, 22) + "_" + pick(r, ALNUM, 59),
    "gitlab-pat": lambda r: "glpat-" + pick(r, URLSAFE, 20),
    "slack-bot": lambda r: (
        f"xoxb-{r.randint(10**10, 10**11)}-{r.randint(10**12, 10**13)}-{pick(r, ALNUM, 24)}"
    ),
    "slack-user": lambda r: (
        f"xoxp-{r.randint(10**10, 10**11)}-{r.randint(10**10, 10**11)}-"
        f"{r.randint(10**12, 10**13)}-{pick(r, HEX, 32)}"
    ),
    "slack-webhook-path": lambda r: f"T{pick(r, B32, 8)}/B{pick(r, B32, 10)}/{pick(r, ALNUM, 24)}",
    "stripe-secret": lambda r: "sk_live_" + pick(r, ALNUM, 99)[: r.randint(24, 99)],
    "stripe-restricted": lambda r: "rk_live_" + pick(r, ALNUM, 30),
    "stripe-test": lambda r: "sk_test_" + pick(r, ALNUM, 26),
    "stripe-webhook": lambda r: "whsec_" + pick(r, ALNUM, 32),
    "openai-project": lambda r: (
        "sk-proj-" + pick(r, URLSAFE, 74) + "T3BlbkFJ" + pick(r, URLSAFE, 74)
    ),
    "openai-legacy": lambda r: "sk-" + pick(r, ALNUM, 20) + "T3BlbkFJ" + pick(r, ALNUM, 20),
    "anthropic": lambda r: "sk-ant-api03-" + pick(r, URLSAFE, 93) + "AA",
    "google-api-key": lambda r: "AIza" + pick(r, URLSAFE, 35),
    "npm": lambda r: "npm_" + pick(r, ALNUM, 36),
    "pypi": lambda r: "pypi-AgEIcHlwaS5vcmc" + pick(r, URLSAFE, 120),
    "twilio-api-key": lambda r: "SK" + pick(r, HEX, 32),
    "twilio-auth-token": lambda r: pick(r, HEX, 32),
    "sendgrid": lambda r: "SG." + pick(r, URLSAFE, 22) + "." + pick(r, URLSAFE, 43),
    "mailgun": lambda r: "key-" + pick(r, HEX, 32),
    "telegram": lambda r: f"{r.randint(10**8, 10**10)}:AA{pick(r, URLSAFE, 33)}",
    "digitalocean": lambda r: "dop_v1_" + pick(r, HEX, 64),
    "yandex-api-key": lambda r: "AQVN" + pick(r, URLSAFE, 36),
    "yandex-iam": lambda r: "t1." + pick(r, URLSAFE, 40) + "." + pick(r, URLSAFE, 86),
    "yandex-oauth": lambda r: "y0_" + pick(r, URLSAFE, 55),
    "yandex-static-key": lambda r: "YC" + pick(r, URLSAFE, 38),
    "vault": lambda r: "hvs." + pick(r, URLSAFE, 90),
    "vault-legacy": lambda r: "s." + pick(r, ALNUM, 24),
    "sentry-dsn-key": lambda r: pick(r, HEX, 32),
    "sentry-org-token": lambda r: (
        "sntrys_eyJpYXQiOjE3" + pick(r, B64, 120) + "_" + pick(r, B64, 43)
    ),
    "sentry-auth-token": lambda r: pick(r, HEX, 64),
    "jwt": _jwt,
    "password": _password,
    "hex-secret": lambda r: pick(r, HEX, 40),
    "b64-secret": lambda r: pick(r, B64, 44),
    "alnum-secret": lambda r: pick(r, ALNUM, 32),
    "basic-b64": lambda r: base64.b64encode(f"deploy:{_password(r)}".encode()).decode(),
    "k8s-b64": lambda r: base64.b64encode(_password(r).encode()).decode(),
    "pem-rsa": lambda r: (
        "-----BEGIN RSA PRIVATE KEY-----\n" + _pem_body(r, 6) + "\n-----END RSA PRIVATE KEY-----"
    ),
    "pem-openssh": lambda r: (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA"
        + _pem_body(r, 4)[24:]
        + "\n-----END OPENSSH PRIVATE KEY-----"
    ),
    "pem-ec": lambda r: (
        "-----BEGIN EC PRIVATE KEY-----\n" + _pem_body(r, 2) + "\n-----END EC PRIVATE KEY-----"
    ),
    "pem-escaped": lambda r: (
        "-----BEGIN PRIVATE KEY-----\\n"
        + _pem_body(r, 5).replace("\n", "\\n")
        + "\\n-----END PRIVATE KEY-----\\n"
    ),
    "hf-token": lambda r: "hf_" + pick(r, string.ascii_letters, 34),
}

LOOKALIKES: dict[str, Callable[[random.Random], str]] = {
    "git-sha": lambda r: pick(r, HEX, 40),
    "short-sha": lambda r: pick(r, HEX, r.choice([7, 8, 10, 12])),
    "uuid": lambda r: str(uuid.UUID(int=r.getrandbits(128), version=4)),
    "sha256": lambda r: pick(r, HEX, 64),
    "image-digest": lambda r: "sha256:" + pick(r, HEX, 64),
    "integrity": lambda r: "sha512-" + pick(r, B64, 86) + "==",
    "go-sum": lambda r: "h1:" + pick(r, B64, 43) + "=",
    "trace-id": lambda r: pick(r, HEX, 32),
    "span-id": lambda r: pick(r, HEX, 16),
    "request-id": lambda r: "req_" + pick(r, ALNUM, 24),
    "ulid": lambda r: "01" + pick(r, "0123456789ABCDEFGHJKMNPQRSTVWXYZ", 24),
    "container-id": lambda r: pick(r, HEX, 64),
    "version": lambda r: f"{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}",
    "ssh-fingerprint": lambda r: "SHA256:" + pick(r, B64, 43),
    "ssh-public-key": lambda r: "AAAAC3NzaC1lZDI1NTE5AAAAI" + pick(r, B64, 43),
    "rsa-public-key": lambda r: "AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + pick(r, B64, 300),
    "pgp-fingerprint": lambda r: " ".join(pick(r, "0123456789ABCDEF", 4) for _ in range(10)),
    "event-id": lambda r: pick(r, HEX, 32),
    "etag": lambda r: '"' + pick(r, HEX, 32) + '"',
    "md5": lambda r: pick(r, HEX, 32),
    "aws-account": lambda r: str(r.randint(10**11, 10**12 - 1)),
    "base64-data": lambda r: base64.b64encode(
        r.choice([b"hello world\n", b'{"ok": true}', b"ping"])
    ).decode(),
    "object-id": lambda r: pick(r, HEX, 24),
    "stripe-publishable": lambda r: "pk_live_" + pick(r, ALNUM, 24),
    "twilio-sid": lambda r: "AC" + pick(r, HEX, 32),
    "cert-serial": lambda r: ":".join(pick(r, "0123456789ABCDEF", 2) for _ in range(16)),
    "session-id-public": lambda r: pick(r, ALNUM, 12),
    "nonce": lambda r: pick(r, HEX, 16),
}

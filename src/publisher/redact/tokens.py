"""Provider-format tokens: secrets that say what they are by their shape.

Formats come from gitleaks' published rule list (config/gitleaks.toml) and detect-secrets'
plugins, tightened where a rule would also match harmless ids. Each rule carries the literal
keywords that must appear in the text before its regex runs (gitleaks' design), so a note without
``ghp_`` never pays for the GitHub regex; that prefilter is what keeps redaction near 1 ms per
thousand lines. The value is the whole match, or group ``v`` when the rule needs context around
it (a Telegram token after ``bot``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

END = r"(?![A-Za-z0-9_\-])"  # a token ends where its alphabet ends
B64 = r"A-Za-z0-9+/"


@dataclass(frozen=True)
class TokenRule:
    kind: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]


def _rule(kind: str, keywords: tuple[str, ...], pattern: str) -> TokenRule:
    return TokenRule(kind, keywords, re.compile(pattern))


TOKEN_RULES: tuple[TokenRule, ...] = (
    _rule(
        "aws-access-key-id",
        ("AKIA", "ASIA", "ABIA", "ACCA", "A3T"),
        r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b",
    ),
    _rule(
        "github-token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        r"\bgh[pousr]_[0-9A-Za-z]{36}" + END,
    ),
    _rule("github-token", ("github_pat_",), r"\bgithub_pat_\w{82}" + END),
    _rule(
        "gitlab-token",
        ("gl",),
        r"\b(?:glpat|gldt|glft|glsoat|glrt|glcbt|glptt|glimt|glagent|gloas|glffct)-"
        r"[\w\-.]{20,300}" + END,
    ),
    _rule(
        "slack-token",
        ("xox", "xapp-"),
        r"\bxox[abeoprs]-[0-9A-Za-z\-]{10,250}" + END + r"|\bxapp-\d-[A-Za-z0-9\-]{20,200}",
    ),
    _rule(
        "slack-webhook",
        ("hooks.slack.com",),
        r"hooks\.slack\.com/(?:services|workflows|triggers)/(?P<v>[A-Za-z0-9+/_\-]{20,120})",
    ),
    _rule(
        "stripe-key",
        ("_live_", "_test_", "_prod_"),
        r"\b(?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{10,99}" + END,
    ),
    _rule("stripe-key", ("whsec_",), r"\bwhsec_[0-9A-Za-z]{24,64}" + END),
    _rule("anthropic-key", ("sk-ant-",), r"\bsk-ant-(?:api|admin|oat|ort)\d\d-[\w\-]{20,200}"),
    _rule(
        "openai-key",
        ("sk-",),
        r"\bsk-(?:proj|svcacct|admin|None)-[\w\-]{20,250}"
        + END
        + r"|\bsk-(?!ant-)[A-Za-z0-9]{32,64}"
        + END,
    ),
    _rule("google-api-key", ("AIza",), r"\bAIza[\w\-]{35}" + END),
    _rule("google-oauth-secret", ("GOCSPX-",), r"\bGOCSPX-[\w\-]{28}" + END),
    _rule("npm-token", ("npm_",), r"\bnpm_[A-Za-z0-9]{36}" + END),
    _rule("pypi-token", ("pypi-",), r"\bpypi-AgE[\w\-]{50,1000}"),
    _rule("twilio-key", ("SK",), r"\bSK[0-9a-f]{32}\b"),
    _rule("sendgrid-key", ("SG.",), r"\bSG\.[\w\-]{16,32}\.[\w\-]{16,64}"),
    _rule("mailgun-key", ("key-",), r"\bkey-[0-9a-f]{32}\b"),
    _rule(
        "telegram-bot-token",
        (":AA",),
        r"(?<![0-9])(?P<v>[0-9]{6,12}:AA[A-Za-z0-9_\-]{31,35})" + END,
    ),
    _rule("digitalocean-token", ("_v1_",), r"\bdo[opr]_v1_[a-f0-9]{64}\b"),
    _rule("yandex-cloud-key", ("AQVN",), r"\bAQVN[A-Za-z0-9_\-]{35,38}" + END),
    _rule("yandex-cloud-key", ("t1.",), r"\bt1\.[A-Za-z0-9_\-]+=*\.[A-Za-z0-9_\-]{60,120}=*"),
    _rule("yandex-cloud-key", ("YC",), r"\bYC[A-Za-z0-9_\-]{38}" + END),
    _rule("yandex-oauth-token", ("y0_", "y1_", "y2_", "y3_"), r"\by[0-3]_[A-Za-z0-9_\-]{40,80}"),
    _rule("vault-token", ("hvs.", "hvb.", "hvr."), r"\bhv[sbr]\.[\w\-]{24,300}"),
    _rule("sentry-token", ("sntrys_", "sntryu_"), r"\bsntry[su]_[A-Za-z0-9+/=_]{40,400}"),
    _rule(
        "jwt", ("eyJ",), r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{0,600}"
    ),
    _rule("heroku-key", ("HRKU-",), r"\bHRKU-AA[0-9A-Za-z_\-]{58}"),
    _rule("age-secret-key", ("AGE-SECRET-KEY-1",), r"AGE-SECRET-KEY-1[0-9A-Z]{58}"),
    _rule(
        "shopify-token",
        ("shpat_", "shpss_", "shpca_", "shppa_"),
        r"\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}",
    ),
    _rule(
        "aws-session-token",
        ("FwoGZXIvYXdz", "IQoJb3JpZ2lu", "FQoGZXIvYXdz"),
        r"\b(?:FwoGZXIvYXdz|IQoJb3JpZ2lu|FQoGZXIvYXdz)[A-Za-z0-9+/=]{60,}",
    ),
    _rule("huggingface-token", ("hf_",), r"\bhf_[A-Za-z]{34}" + END),
    _rule("databricks-token", ("dapi",), r"\bdapi[a-f0-9]{32}(?:-\d)?\b"),
    _rule(
        "grafana-token",
        ("glsa_", "glc_"),
        r"\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|\bglc_[A-Za-z0-9+/]{32,400}={0,2}",
    ),
)


def token_matches(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every provider-format token whose keyword appears in ``text``."""
    found: list[tuple[str, int, int]] = []
    for rule in TOKEN_RULES:
        if not any(keyword in text for keyword in rule.keywords):
            continue
        for match in rule.pattern.finditer(text):
            group = "v" if "v" in rule.pattern.groupindex and match.group("v") else 0
            found.append((rule.kind, match.start(group), match.end(group)))
    return found

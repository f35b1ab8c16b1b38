"""Provider-format tokens: secrets that say what they are by their shape.

Formats come from gitleaks' published rule list (config/gitleaks.toml) and detect-secrets'
plugins, tightened where a rule would also match harmless ids (``pk_live_`` publishable keys
and Twilio ``AC`` account SIDs are public, so they are left out). Each rule starts at a literal
anchor (``ghp_``, ``AKIA``), found by the one keyword pass (``prefilter``); the rule's regex is
only tried where its anchor stands. That is gitleaks' keyword prefilter taken one step further:
no rule's regex ever scans a whole note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from publisher.redact.filters import is_placeholder_token

END = r"(?![A-Za-z0-9_\-])"  # a token ends where its alphabet ends
WORD = re.compile(r"[A-Za-z0-9_]")


@dataclass(frozen=True)
class TokenRule:
    """A token kind: where it can start (``anchors``) and its whole shape (``pattern``)."""

    kind: str
    anchors: tuple[str, ...]
    pattern: re.Pattern[str]
    back: int = 0  # the match starts up to this many chars before the anchor (Telegram ids)


def _rule(kind: str, anchors: str, pattern: str, back: int = 0) -> TokenRule:
    return TokenRule(kind, tuple(anchors.split()), re.compile(pattern), back)


TOKEN_RULES: tuple[TokenRule, ...] = (
    _rule(
        "aws-access-key-id",
        "AKIA ASIA ABIA ACCA A3T",
        r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])",
    ),
    _rule(
        "aws-session-token",
        "FwoGZXIvYXdz IQoJb3JpZ2lu FQoGZXIvYXdz",
        r"(?:FwoGZXIvYXdz|IQoJb3JpZ2lu|FQoGZXIvYXdz)[A-Za-z0-9+/=]{60,}",
    ),
    _rule("github-token", "ghp_ gho_ ghu_ ghs_ ghr_", r"gh[pousr]_[0-9A-Za-z]{36}" + END),
    _rule("github-token", "github_pat_", r"github_pat_\w{82}" + END),
    _rule(
        "gitlab-token",
        "glpat- gldt- glft- glsoat- glrt- glcbt- glptt- glimt- glagent- gloas- glffct-",
        r"gl[a-z]{1,6}-[\w\-.]{20,300}" + END,
    ),
    _rule("slack-token", "xoxb- xoxp- xoxa- xoxr- xoxe- xoxo- xoxs-",
          r"xox[abeoprs]-[0-9A-Za-z\-]{10,250}"),
    _rule("gitlab-token", "GR1348941", r"GR1348941[\w\-]{20,40}" + END),
    _rule("slack-token", "xapp-", r"xapp-\d-[A-Za-z0-9\-]{20,200}"),
    _rule(
        "slack-webhook",
        "hooks.slack.com/",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/(?P<v>[A-Za-z0-9+/_\-]{20,120})",
    ),
    _rule("stripe-key", "sk_live_ sk_test_ sk_prod_ rk_live_ rk_test_ rk_prod_",
          r"[sr]k_(?:live|test|prod)_[0-9A-Za-z]{10,99}" + END),
    _rule("stripe-key", "whsec_", r"whsec_[0-9A-Za-z]{24,64}" + END),
    _rule("anthropic-key", "sk-ant-", r"sk-ant-(?:api|admin|oat|ort)\d\d-[\w\-]{20,200}"),
    _rule(
        "openai-key",
        "sk-",
        r"sk-(?:proj|svcacct|admin|None)-[\w\-]{20,250}" + END
        + r"|sk-(?!ant-)[A-Za-z0-9]{32,64}" + END,
    ),
    _rule("google-api-key", "AIza", r"AIza[\w\-]{35}" + END),
    _rule("google-oauth-secret", "GOCSPX-", r"GOCSPX-[\w\-]{28}" + END),
    _rule("npm-token", "npm_", r"npm_[A-Za-z0-9]{36}" + END),
    _rule("pypi-token", "pypi-AgE", r"pypi-AgE[\w\-]{50,1000}"),
    _rule("twilio-key", "SK", r"SK[0-9a-f]{32}(?![A-Za-z0-9])"),
    _rule("sendgrid-key", "SG.", r"SG\.[\w\-]{16,32}\.[\w\-]{16,64}"),
    _rule("mailgun-key", "key-", r"key-[0-9a-f]{32}(?![A-Za-z0-9])"),
    _rule("telegram-bot-token", ":A", r"[0-9]{5,16}:A[A-Za-z0-9_\-]{32,35}" + END, back=16),
    _rule("telegram-bot-token", "/bot", r"/bot(?P<v>[0-9]{5,16}:[A-Za-z0-9_\-]{30,40})" + END),
    _rule("google-oauth-token", "ya29.", r"ya29\.[\w\-]{20,2000}"),
    _rule("google-oauth-token", "1//0", r"1//0[\w\-]{30,500}"),
    _rule("digitalocean-token", "doo_v1_ dop_v1_ dor_v1_",
          r"do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9])"),
    _rule("yandex-cloud-key", "AQVN", r"AQVN[A-Za-z0-9_\-]{35,38}" + END),
    _rule("yandex-cloud-key", "t1.", r"t1\.[A-Za-z0-9_\-]+=*\.[A-Za-z0-9_\-]{60,120}=*"),
    _rule("yandex-cloud-key", "YC", r"YC[A-Za-z0-9_\-]{38}" + END),
    _rule("yandex-oauth-token", "y0_ y1_ y2_ y3_", r"y[0-3]_[A-Za-z0-9_\-]{40,80}"),
    _rule("vault-token", "hvs. hvb. hvr.", r"hv[sbr]\.[\w\-]{24,300}"),
    _rule("sentry-token", "sntrys_ sntryu_", r"sntry[su]_[A-Za-z0-9+/=_]{40,400}"),
    _rule("jwt", "eyJ", r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{0,600}"),
    _rule("heroku-key", "HRKU-", r"HRKU-AA[0-9A-Za-z_\-]{58}"),
    _rule("age-secret-key", "AGE-SECRET-KEY-1", r"AGE-SECRET-KEY-1[0-9A-Z]{58}"),
    _rule("shopify-token", "shpat_ shpss_ shpca_ shppa_", r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
    _rule("huggingface-token", "hf_", r"hf_[A-Za-z]{34}" + END),
    _rule("databricks-token", "dapi", r"dapi[a-f0-9]{32}(?:-\d)?(?![A-Za-z0-9])"),
    _rule("grafana-token", "glsa_", r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"),
    _rule("grafana-token", "glc_", r"glc_[A-Za-z0-9+/]{32,400}={0,2}"),
)  # fmt: skip


RULES_BY_ANCHOR: dict[str, list[TokenRule]] = {}
for _rule_ in TOKEN_RULES:
    for _anchor in _rule_.anchors:
        RULES_BY_ANCHOR.setdefault(_anchor, []).append(_rule_)


def _match_at(text: str, rule: TokenRule, pos: int) -> re.Match[str] | None:
    """The rule's token starting at ``pos`` (or up to ``rule.back`` chars before it)."""
    for start in range(max(0, pos - rule.back), pos + 1):
        match = rule.pattern.match(text, start)
        before = text[start - 1] if start else " "
        if match and not (before.isdigit() if rule.back else WORD.match(before)):
            return match
    return None


def token_matches(text: str, anchors: Iterable[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """(kind, start, end) of the provider-format tokens at the given (anchor, offset) hits."""
    found: list[tuple[str, int, int]] = []
    for anchor, pos in anchors:
        for rule in RULES_BY_ANCHOR[anchor]:
            match = _match_at(text, rule, pos)
            if match is None:
                continue
            group = "v" if "v" in rule.pattern.groupindex else 0
            if not is_placeholder_token(match.group(group)):
                found.append((rule.kind, match.start(group), match.end(group)))
    return found

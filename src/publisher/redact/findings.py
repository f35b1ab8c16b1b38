"""What redaction found: a kind, where it stood, and the value it replaced.

A ``Finding`` holds the secret value itself so that the rest of the note and the model's answer
can be checked against it; it never leaves the process. Its ``repr`` and every printable form
show only the public prefix (``masked``), so a finding that ends up in a log or an error message
carries no secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PLACEHOLDER_OPEN = "‹redacted:"
PLACEHOLDER_CLOSE = "›"

# Prefixes that say what a token is without giving any of its secret part away.
PUBLIC_PREFIXES = (
    "sk-ant-api03-",
    "sk-ant-admin01-",
    "sk-proj-",
    "sk-svcacct-",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xapp-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "pypi-",
    "npm_",
    "dop_v1_",
    "doo_v1_",
    "sntrys_",
    "sntryu_",
    "hvs.",
    "hvb.",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "AKIA",
    "ASIA",
    "AIza",
    "SG.",
    "key-",
    "AQVN",
    "y0_",
    "t1.",
    "sk-",
    "eyJ",
)


def placeholder(kind: str) -> str:
    """The typed stand-in a reader (and the model) sees instead of the value."""
    return f"{PLACEHOLDER_OPEN}{kind}{PLACEHOLDER_CLOSE}"


def mask(value: str) -> str:
    """The value shown in reports: its public prefix, if it has one, then its length."""
    prefix = next((p for p in PUBLIC_PREFIXES if value.startswith(p)), "")
    return f"{prefix}…({len(value)} chars)"


@dataclass(frozen=True)
class Finding:
    """One secret found in a text: ``start``/``end`` index the text it was found in."""

    kind: str
    start: int
    end: int
    value: str = field(repr=False)

    @property
    def masked(self) -> str:
        return mask(self.value)

    def __str__(self) -> str:
        return f"{self.kind} {self.masked}"


@dataclass(frozen=True)
class Redacted:
    """A text with its secrets replaced, and what was replaced (values kept in memory only)."""

    text: str
    findings: tuple[Finding, ...] = ()

    @property
    def secrets(self) -> dict[str, str]:
        """Value -> kind of everything replaced (to check other texts against)."""
        return {f.value: f.kind for f in self.findings if "\n" not in f.value}

    @property
    def kinds(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        return counts

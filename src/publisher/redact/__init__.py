"""Redaction: secrets never leave the machine.

Every note body is redacted right after it is read (``publisher.source``) and before anything
else sees it: the selector, the prompt, the state database, previews, logs and posts only ever
hold typed placeholders such as ``‹redacted:github-token›``. The model's answer is checked again
(``guard``) because a model can still invent or reassemble a secret. See docs/redaction.md.
"""

from publisher.redact.engine import detect, redact
from publisher.redact.findings import Finding, Redacted, mask, placeholder
from publisher.redact.guard import guard
from publisher.redact.settings import DEFAULT_SETTINGS, RedactSettings
from publisher.redact.stream import StreamRedactor, redact_chunks

__all__ = [
    "DEFAULT_SETTINGS",
    "Finding",
    "RedactSettings",
    "Redacted",
    "StreamRedactor",
    "detect",
    "guard",
    "mask",
    "placeholder",
    "redact",
    "redact_chunks",
]

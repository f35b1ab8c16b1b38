"""What a stamped log line is: the text after its timestamp or pod prefix decides.

CI runners and log collectors put a prefix on every line: GitHub Actions a timestamp
(``2026-12-01T03:10:33.6478988Z ``, after ``job<TAB>step<TAB>`` in ``gh run view --log``),
journald the time, host and unit (``Dec 01 03:10:33 db-1
postgres[812]: ``), ``kubectl logs --prefix`` the pod (``[pod/api-7d9c/app] ``). The prefix
says when and where a line was printed, not what it is; read whole, every such line is one
more log line, so the decisive ``E       UnicodeDecodeError: …`` of a pytest failure looked
like the ``Collecting …`` lines of pip's install log around it. ``classify_line`` names a log
line by the text after a recognised prefix when that text is an error, a frame, a log line
of its own or noise (install and test logs, progress, trace boilerplate), as it would be
named without the prefix. Anything else stays a log line: prose after a prefix is a
service's message, not the author's sentence, and ``unit: message`` (journald) or pytest's
source lines are not config or code the author wrote. Only lines already read as log lines
are looked at, once per line shape, so a note without such logs pays one kind test per shape.
"""

from __future__ import annotations

import re

from publisher.selector.classify import NOISE_KINDS, Kind, LineInfo, classify, kind_of
from publisher.selector.signals import GUTTER

__all__ = ["LOG_PREFIX_RE", "classify_line"]

LOG_PREFIX_RE = re.compile(
    GUTTER + "(?:"
    # ISO-8601 stamp with a "T": CI runners, docker/kubectl --timestamps.
    r"\[?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\]?|"
    # syslog/journald: "Dec 01 03:10:33 host unit[pid]:".
    r"[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [\w@.\-]+(?:\[\d+\])?:|"
    # kubectl logs --prefix: "[pod/api-7d9c/app]".
    r"\[pod/[^\]\s]{1,120}\]"
    r")\s"
)
# `gh run view --log` puts the job and the step before the runner's stamp, tab-separated.
GH_LOG_PREFIX_RE = re.compile(r"[^\t\n]{1,100}\t[^\t\n]{1,100}\t(?=\d{4}-\d\d-\d\dT)")
LOG = Kind.LOG
# What the text after a prefix may be named; the rest of the line keeps the prefix's "log line".
TELLING_KINDS = NOISE_KINDS | {Kind.ERROR, Kind.APP_FRAME, Kind.LOG, Kind.DIFF_HEADER}


def classify_line(text: str) -> LineInfo:
    """``classify`` of the text after a log prefix, or of the whole line if there is none."""
    if "\t" in text and (job_step := GH_LOG_PREFIX_RE.match(text)) is not None:
        text = text[job_step.end() :]  # read on as the runner's stamped line
    info = classify(text)
    if info.kind is LOG and (prefix := LOG_PREFIX_RE.match(text)) is not None:
        rest = text[prefix.end() :].strip()
        if rest and kind_of(rest) in TELLING_KINDS:
            return classify(rest)
    return info

"""Which language a generated title or body is written in.

Russian technical prose is full of English terms, code and product names; counting letters or
feeding the raw text to a statistical model calls it English. Here only the prose is judged, by
its grammar (see :mod:`publisher.language.detect`; the per-post rules
are in :mod:`publisher.language.policy`). Importing this package is cheap: the small
fastText model behind the rules loads on the first call that needs it.
"""

from __future__ import annotations

from publisher.language.detect import UNDETERMINED, judge_language

__all__ = ["UNDETERMINED", "detect_language", "judge_language"]


def detect_language(text: str) -> str:
    """The language of a text's prose: ``"ru"``, ``"en"``, another ISO code, or ``"und"``."""
    return judge_language(text)[0]

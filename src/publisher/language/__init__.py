"""Which language a generated title or body is written in.

Russian technical prose is full of English terms, code and product names; counting letters or
feeding the raw text to a statistical model calls it English. Here only the prose is judged, by
its grammar (see :mod:`publisher.language.judge`). Importing this package is cheap: the small
fastText model behind the rules loads on the first call that needs it.
"""

from __future__ import annotations

from publisher.language.judge import UNDETERMINED, judge

__all__ = ["UNDETERMINED", "detect_language", "judge_language"]


def judge_language(text: str) -> tuple[str, float]:
    """(language, confidence 0..1): ``"ru"``, ``"en"``, another ISO 639-1 code, or ``"und"``
    when there is no prose to judge (empty, emoji, code, names only) or it is garbage
    (transliteration, keyboard-layout slips, mojibake)."""
    return judge(text)


def detect_language(text: str) -> str:
    """The language of a text's prose: ``"ru"``, ``"en"``, another ISO code, or ``"und"``."""
    return judge(text)[0]

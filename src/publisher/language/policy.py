"""The language rule set applied to every LLM result, before anything is published.

Pure: it takes the drafts per locale and returns what was concluded, the drafts after repair and
the locales that are still wrong. Re-requesting a wrong locale and failing the note are the
enricher's business; it calls :func:`check_posts` again on the second answer.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from publisher.language import UNDETERMINED, judge_language
from publisher.models import LanguageVerdict, PostDraft

SWAPPABLE = ("ru", "en")
FIELDS = ("title", "description", "body")
# A title verdict below this confidence is not trusted over its body's verdict.
MIN_TITLE_CONFIDENCE = 0.5


class Judgement(BaseModel):
    language: str
    confidence: float


class LanguageCheck(BaseModel):
    posts: dict[str, PostDraft] = Field(description="the drafts after swap repair")
    verdicts: dict[str, LanguageVerdict] = Field(description="per locale")
    wrong: list[str] = Field(description="locales still in the wrong language after repair")
    warnings: list[str] = Field(default_factory=list)


def expected_language(locale: str) -> str:
    """The language a locale's text must be in: ``pt-BR`` -> ``pt``."""
    return locale.split("-", 1)[0].lower()


def field_judgement(text: str) -> Judgement:
    """The language of one title or body, with the detector's confidence."""
    language, confidence = judge_language(text)
    return Judgement(language=language, confidence=confidence)


def check_posts(posts: dict[str, PostDraft]) -> LanguageCheck:
    """Judge each locale's title and body, swap back ru/en fields that came back crossed."""
    judged = {loc: {f: field_judgement(getattr(p, f)) for f in FIELDS} for loc, p in posts.items()}
    repaired = dict(posts)
    warnings: list[str] = []
    swapped_fields: list[str] = []
    if all(loc in posts for loc in SWAPPABLE):
        ru, en = SWAPPABLE
        for field in FIELDS:
            if judged[ru][field].language == en and judged[en][field].language == ru:
                repaired[ru] = repaired[ru].model_copy(update={field: getattr(posts[en], field)})
                repaired[en] = repaired[en].model_copy(update={field: getattr(posts[ru], field)})
                judged[ru][field], judged[en][field] = judged[en][field], judged[ru][field]
                swapped_fields.append(field)
    swapped = set(SWAPPABLE) if swapped_fields else set()
    if swapped_fields:
        what = " and ".join(swapped_fields)
        warnings.append(f"ru/en texts came back swapped ({what}); swapped back")
    verdicts: dict[str, LanguageVerdict] = {}
    wrong: list[str] = []
    for loc, fields in judged.items():
        expected = expected_language(loc)
        detected = post_verdict(fields["title"], fields["body"], expected)
        verdicts[loc] = LanguageVerdict(
            expected=expected,
            detected=detected.language,
            confidence=round(detected.confidence, 3),
            swapped=loc in swapped,
        )
        if detected.language != expected:
            wrong.append(loc)
            warnings.append(
                f"{loc}: expected {expected}, got {describe(fields['title'], fields['body'])}"
            )
    return LanguageCheck(posts=repaired, verdicts=verdicts, wrong=wrong, warnings=warnings)


def post_verdict(title: Judgement, body: Judgement, expected: str) -> Judgement:
    """One verdict for a post: the body's, unless the title is confidently something else.

    A title made only of product names ("Redis Cluster") cannot be judged, so it takes its body's
    verdict; a title judged confidently in the wrong language makes the whole post wrong.
    """
    title_usable = (
        title.language != UNDETERMINED and title.confidence >= MIN_TITLE_CONFIDENCE
    ) or title.language == expected
    if title_usable and title.language != expected:
        return title
    if body.language == expected and title_usable:
        return Judgement(language=expected, confidence=min(title.confidence, body.confidence))
    return body


def describe(title: Judgement, body: Judgement) -> str:
    return (
        f"title={title.language} ({title.confidence:.2f}), "
        f"body={body.language} ({body.confidence:.2f})"
    )

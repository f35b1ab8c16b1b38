"""The language rule set applied to every LLM result, before anything is published.

Pure: it takes the drafts per locale and returns what was concluded, the drafts after repair and
the locales that are still wrong. Re-requesting a wrong locale and failing the note are the
enricher's business; it calls :func:`check_posts` again on the second answer.

A description in the wrong language does not make its post wrong: re-requesting a whole post for
one sentence would cost a full post's output tokens, so the description is replaced by a sentence
of the post's own checked text instead (see :func:`own_language_description`).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from publisher.language import UNDETERMINED, judge_language
from publisher.models import LanguageVerdict, PostDraft
from publisher.postmeta import first_sentence

SWAPPABLE = ("ru", "en")
FIELDS = ("title", "description", "body")
# A title verdict below this confidence is not trusted over its body's verdict.
MIN_TITLE_CONFIDENCE = 0.5
# A description is replaced only when it is confidently another language: a full sentence scores
# 0.8 or more, while a line of product names ("Redis Cluster, Sentinel and HAProxy") scores 0.7.
MIN_DESCRIPTION_CONFIDENCE = 0.75


class Judgement(BaseModel):
    language: str
    confidence: float


class LanguageCheck(BaseModel):
    posts: dict[str, PostDraft] = Field(description="the drafts after swap repair")
    verdicts: dict[str, LanguageVerdict] = Field(description="per locale")
    wrong: list[str] = Field(description="locales still in the wrong language after repair")
    warnings: list[str] = Field(default_factory=list)
    replaced_descriptions: dict[str, str] = Field(
        default_factory=dict,
        description="locale -> the warning for a description replaced by its post's own sentence",
    )


def expected_language(locale: str) -> str:
    """The language a locale's text must be in: ``pt-BR`` -> ``pt``."""
    return locale.split("-", 1)[0].lower()


def field_judgement(text: str) -> Judgement:
    """The language of one title or body, with the detector's confidence."""
    language, confidence = judge_language(text)
    return Judgement(language=language, confidence=confidence)


def check_posts(posts: dict[str, PostDraft]) -> LanguageCheck:
    """Judge each locale's title, description and body, swap back ru/en fields that came back
    crossed, and replace a description still in another language once its post is right."""
    judged = {loc: {f: field_judgement(getattr(p, f)) for f in FIELDS} for loc, p in posts.items()}
    repaired, swapped_fields = swap_crossed(posts, judged)
    swapped = set(SWAPPABLE) if swapped_fields else set()
    warnings: list[str] = []
    if swapped_fields:
        what = " and ".join(swapped_fields)
        warnings.append(f"ru/en texts came back swapped ({what}); swapped back")
    verdicts: dict[str, LanguageVerdict] = {}
    wrong: list[str] = []
    replaced: dict[str, str] = {}
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
        elif is_confidently_other(fields["description"], expected):
            repaired[loc] = repaired[loc].model_copy(
                update={"description": own_language_description(repaired[loc], expected)}
            )
            replaced[loc] = (
                f"{loc}: description was in {fields['description'].language} "
                f"({fields['description'].confidence:.2f}), not {expected}; "
                "replaced from the post's own text"
            )
    warnings += replaced.values()
    return LanguageCheck(
        posts=repaired,
        verdicts=verdicts,
        wrong=wrong,
        warnings=warnings,
        replaced_descriptions=replaced,
    )


def swap_crossed(
    posts: dict[str, PostDraft], judged: dict[str, dict[str, Judgement]]
) -> tuple[dict[str, PostDraft], list[str]]:
    """The drafts with every ru/en field that came back crossed swapped back, and which fields.

    Each field is swapped on its own (a model that crossed only the descriptions keeps its
    titles); ``judged`` is updated in place so the verdicts that follow see the repaired texts.
    """
    repaired = dict(posts)
    swapped_fields: list[str] = []
    if not all(loc in posts for loc in SWAPPABLE):
        return repaired, swapped_fields
    ru, en = SWAPPABLE
    for field in FIELDS:
        if judged[ru][field].language == en and judged[en][field].language == ru:
            repaired[ru] = repaired[ru].model_copy(update={field: getattr(posts[en], field)})
            repaired[en] = repaired[en].model_copy(update={field: getattr(posts[ru], field)})
            judged[ru][field], judged[en][field] = judged[en][field], judged[ru][field]
            swapped_fields.append(field)
    return repaired, swapped_fields


def is_confidently_other(judgement: Judgement, expected: str) -> bool:
    """Whether a short text is surely not in ``expected``: product names, numbers and
    undetermined text are not evidence of a wrong language, so they pass."""
    return (
        judgement.language not in (expected, UNDETERMINED)
        and judgement.confidence >= MIN_DESCRIPTION_CONFIDENCE
    )


def own_language_description(post: PostDraft, expected: str) -> str:
    """A description in the post's own language, taken from the post itself: the body's first
    sentence of prose, or the title (already judged right) when that sentence is itself
    confidently another language (a quoted English error message, say)."""
    sentence = first_sentence(post.body)
    if sentence and not is_confidently_other(field_judgement(sentence), expected):
        return sentence
    return post.title


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

"""The language rule set applied to every LLM result."""

from __future__ import annotations

from publisher.language.policy import check_posts, expected_language
from publisher.models import PostDraft

RU = PostDraft(
    title="Как мы перенесли cron-задачи в Temporal",
    body="Мы перенесли все периодические задачи в Temporal, и retry теперь настраивается в коде.",
)
EN = PostDraft(
    title="How we moved our cron jobs to Temporal",
    body="We moved every periodic job to Temporal, and retries are now configured in code.",
)
RU_CODE_HEAVY = PostDraft(
    title="Redis Cluster",
    body=(
        "Конфиг целиком:\n\n```yaml\ncluster:\n  enabled: true\n  nodes: 6\n"
        "# the replicas are spread across zones\n```\n"
    ),
)
EN_CODE_HEAVY = PostDraft(
    title="Redis Cluster",
    body=(
        "The whole config:\n\n```yaml\ncluster:\n  enabled: true\n  nodes: 6\n"
        "# реплики разнесены по зонам\n```\n"
    ),
)


def test_right_languages_pass_untouched() -> None:
    check = check_posts({"ru": RU, "en": EN})
    assert check.wrong == []
    assert check.warnings == []
    assert check.posts == {"ru": RU, "en": EN}
    assert check.verdicts["ru"].detected == "ru"
    assert check.verdicts["en"].detected == "en"
    assert not check.verdicts["ru"].swapped


def test_swapped_ru_en_texts_are_swapped_back_with_a_warning() -> None:
    check = check_posts({"ru": EN, "en": RU})
    assert check.posts == {"ru": RU, "en": EN}
    assert check.wrong == []
    assert check.verdicts["ru"].swapped and check.verdicts["en"].swapped
    assert check.verdicts["ru"].detected == "ru"
    assert len(check.warnings) == 1
    assert "swapped" in check.warnings[0]


def test_only_the_crossed_field_is_swapped() -> None:
    ru = PostDraft(title=EN.title, body=RU.body)
    en = PostDraft(title=RU.title, body=EN.body)
    check = check_posts({"ru": ru, "en": en})
    assert check.posts == {"ru": RU, "en": EN}
    assert "title" in check.warnings[0]
    assert "body" not in check.warnings[0]


def test_a_locale_in_the_wrong_language_is_reported_alone() -> None:
    check = check_posts({"ru": EN, "en": EN})
    assert check.wrong == ["ru"]
    assert check.verdicts["ru"].expected == "ru"
    assert check.verdicts["ru"].detected == "en"
    assert not check.verdicts["ru"].swapped
    assert any(w.startswith("ru:") for w in check.warnings)


def test_a_rerequested_locale_is_accepted_on_the_second_check() -> None:
    first = check_posts({"ru": EN, "en": EN})
    fixed = {**first.posts, **{loc: RU for loc in first.wrong}}
    assert check_posts(fixed).wrong == []


def test_a_wrong_title_makes_the_locale_wrong_even_with_a_right_body() -> None:
    check = check_posts({"ru": PostDraft(title=EN.title, body=RU.body), "en": EN})
    assert check.wrong == ["ru"]
    assert check.verdicts["ru"].detected == "en"


def test_a_product_name_title_falls_back_to_its_body() -> None:
    check = check_posts({"ru": RU_CODE_HEAVY, "en": EN_CODE_HEAVY})
    assert check.wrong == []
    assert check.verdicts["ru"].detected == "ru"
    assert check.verdicts["en"].detected == "en"


def test_code_heavy_bodies_are_judged_by_their_prose_and_swapped_back() -> None:
    check = check_posts({"ru": EN_CODE_HEAVY, "en": RU_CODE_HEAVY})
    assert check.posts == {"ru": RU_CODE_HEAVY, "en": EN_CODE_HEAVY}
    assert check.wrong == []


def test_a_body_without_prose_is_wrong() -> None:
    empty = PostDraft(title="Redis Cluster", body="```\nSELECT 1;\n```")
    check = check_posts({"ru": RU, "en": empty})
    assert check.wrong == ["en"]
    assert check.verdicts["en"].detected == "und"


def test_other_configured_locales_expect_their_own_language() -> None:
    de = PostDraft(
        title="Wie wir unsere Cron-Jobs zu Temporal umgezogen haben",
        body="Wir haben alle periodischen Jobs zu Temporal umgezogen, und das war einfach.",
    )
    assert check_posts({"ru": RU, "de": de}).wrong == []
    check = check_posts({"ru": RU, "de": EN})
    assert check.wrong == ["de"]
    assert check.verdicts["de"].expected == "de"


def test_expected_language_is_the_locale_language() -> None:
    assert expected_language("pt-BR") == "pt"
    assert expected_language("ru") == "ru"

"""The language rule set applied to every LLM result."""

from __future__ import annotations

import pytest

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


RU_DESCRIPTION = "Перенос периодических задач из cron в Temporal и настройка retry в коде."
EN_DESCRIPTION = "How we moved our periodic jobs from cron to Temporal and configured retries."


def test_an_english_description_in_the_ru_post_is_replaced_by_its_first_sentence() -> None:
    ru = RU.model_copy(update={"description": EN_DESCRIPTION})
    en = EN.model_copy(update={"description": EN_DESCRIPTION})
    check = check_posts({"ru": ru, "en": en})
    assert check.wrong == []
    assert check.posts["ru"].description == RU.body  # its one sentence
    assert check.posts["ru"].title == RU.title and check.posts["ru"].body == RU.body
    assert check.posts["en"].description == EN_DESCRIPTION
    assert list(check.replaced_descriptions) == ["ru"]
    assert any(w.startswith("ru: description was in en") for w in check.warnings)


def test_crossed_descriptions_are_swapped_back_not_replaced() -> None:
    ru = RU.model_copy(update={"description": EN_DESCRIPTION})
    en = EN.model_copy(update={"description": RU_DESCRIPTION})
    check = check_posts({"ru": ru, "en": en})
    assert check.posts["ru"].description == RU_DESCRIPTION
    assert check.posts["en"].description == EN_DESCRIPTION
    assert check.replaced_descriptions == {}
    assert "description" in check.warnings[0] and "swapped" in check.warnings[0]


@pytest.mark.parametrize(
    "description",
    [
        "Redis Cluster, Sentinel and HAProxy",
        "PostgreSQL 16, pgbouncer, asyncpg",
        "asyncio.to_thread vs run_in_executor",
        "FastAPI, uvloop, asyncio: benchmark",
        "p99: 4.6 s -> 179 ms",
        "",
    ],
)
def test_short_or_ambiguous_descriptions_are_kept(description: str) -> None:
    ru = RU.model_copy(update={"description": description})
    check = check_posts({"ru": ru, "en": EN})
    assert check.posts["ru"].description == description
    assert check.warnings == []


def test_a_description_in_the_right_language_with_english_terms_is_kept() -> None:
    description = "Разбор: asyncio, uvloop и FastAPI под нагрузкой."
    check = check_posts({"ru": RU.model_copy(update={"description": description}), "en": EN})
    assert check.posts["ru"].description == description
    assert check.replaced_descriptions == {}


def test_the_title_stands_in_when_the_first_sentence_is_foreign_too() -> None:
    body = (
        "Connection refused by the upstream server after the deploy.\n\n" + RU.body + " " + RU.body
    )
    ru = PostDraft(title=RU.title, description=EN_DESCRIPTION, body=body)
    check = check_posts({"ru": ru, "en": EN})
    assert check.wrong == []
    assert check.posts["ru"].description == RU.title


def test_a_wrong_locale_keeps_its_description_for_the_re_request() -> None:
    check = check_posts({"ru": EN.model_copy(update={"description": EN_DESCRIPTION}), "en": EN})
    assert check.wrong == ["ru"]
    assert check.replaced_descriptions == {}


def test_other_locales_get_a_description_in_their_own_language() -> None:
    de = PostDraft(
        title="Wie wir unsere Cron-Jobs zu Temporal umgezogen haben",
        description=EN_DESCRIPTION,
        body="Wir haben alle periodischen Jobs zu Temporal umgezogen. Das war einfach.",
    )
    check = check_posts({"ru": RU, "de": de})
    assert check.wrong == []
    assert (
        check.posts["de"].description == "Wir haben alle periodischen Jobs zu Temporal umgezogen."
    )

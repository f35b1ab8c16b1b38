"""The shape the model must answer in, as pydantic models, and the JSON schema sent with the call.

The models are the single source of truth: providers get a JSON schema derived from them (with
the constraints structured-output engines refuse moved into descriptions), and every answer is
validated against the models themselves, so a length or Markdown problem is caught here no matter
which provider produced it. Invalid answers are rejected, never repaired.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from publisher.errors import InvalidOutput
from publisher.markdown import fenced_line_numbers, fences, lines
from publisher.models import PostDraft

TITLE_MAX = 160
DESCRIPTION_MIN = 20
DESCRIPTION_MAX = 300
BODY_MIN = 200
BODY_MAX = 30_000
TAGS_MAX = 8
# JSON-schema keywords that structured-output engines (Anthropic, OpenAI strict mode, llama.cpp
# grammars) reject or ignore; pydantic enforces them after the answer arrives instead.
CONSTRAINTS = {
    "minLength": "At least {} characters.",
    "maxLength": "At most {} characters.",
    "minItems": "At least {} items.",
    "maxItems": "At most {} items.",
    "pattern": "Must match {}.",
}
M = TypeVar("M", bound=BaseModel)


def scan_fences(markdown: str) -> tuple[bool, int]:
    """Whether a code fence is left open, and how many non-blank lines lie outside code
    (CommonMark fences, :mod:`publisher.markdown`)."""
    blocks = fences(markdown)
    inside = fenced_line_numbers(blocks)
    prose = sum(
        1 for number, line in enumerate(lines(markdown)) if number not in inside and line.strip()
    )
    return any(not block.closed for block in blocks), prose


class PostOut(BaseModel):
    """One locale's post as the model must write it."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(
        min_length=3, max_length=TITLE_MAX, description="One line, plain text, no Markdown."
    )
    description: str = Field(
        min_length=DESCRIPTION_MIN,
        max_length=DESCRIPTION_MAX,
        description="One plain-text sentence saying what the post is about, for listings and "
        "search results; in the post's own language.",
    )
    body: str = Field(
        min_length=BODY_MIN,
        max_length=BODY_MAX,
        description="The post in Markdown: paragraphs, optional ## headings, fenced code blocks.",
    )

    @field_validator("title", "description")
    @classmethod
    def _one_plain_line(cls, value: str) -> str:
        """Titles and descriptions end up in front matter, <title> and listings: one line."""
        if "\n" in value.strip():
            raise ValueError("must be one line")
        if value.lstrip().startswith("#"):
            raise ValueError("must be plain text, not a Markdown heading")
        return value.strip()

    @field_validator("body")
    @classmethod
    def _markdown(cls, value: str) -> str:
        stripped = value.strip()
        if stripped[:1] in "{[":
            raise ValueError("body looks like JSON, not Markdown")
        unclosed, prose = scan_fences(stripped)
        if unclosed:
            raise ValueError("body has an unclosed code fence")
        if prose == 0:
            raise ValueError("body is only code, not a post")
        return stripped

    def draft(self) -> PostDraft:
        return PostDraft(title=self.title, description=self.description, body=self.body)


class ExtrasOut(BaseModel):
    """What is shared by all locales."""

    image_query: str = Field(
        min_length=2,
        max_length=100,
        description="2-6 English keywords for a cover photo search; no people's names.",
    )
    tags: list[str] = Field(
        min_length=1,
        max_length=TAGS_MAX,
        description="1-8 short lowercase topic tags in English, e.g. 'postgres', 'asyncio'.",
    )

    worth_publishing: bool = Field(
        description="true if the note has a story a reader learns from (a problem, how it was "
        "found, a fix or a finding); false for a rename, a one-question exchange, chit-chat.",
    )
    worth_reason: str = Field(
        min_length=3,
        max_length=200,
        description="One line in English: why the note is or is not worth a post.",
    )

    @field_validator("image_query")
    @classmethod
    def _english_keywords(cls, value: str) -> str:
        if not value.isascii():
            raise ValueError("image_query must be English keywords (ASCII)")
        return value.strip()

    @field_validator("tags")
    @classmethod
    def _short_tags(cls, value: list[str]) -> list[str]:
        tags = [tag.strip() for tag in value]
        if any(not 1 <= len(tag) <= 40 for tag in tags):
            raise ValueError("each tag must be 1-40 characters")
        return tags


def field_name(locale: str) -> str:
    """A Python identifier for a locale code (``pt-BR`` is not one); the JSON key stays the code."""
    return "loc_" + locale.replace("-", "_")


@cache
def bilingual_model(locales: tuple[str, ...]) -> type[ExtrasOut]:
    """The answer model for one call that writes every locale at once."""
    fields: dict[str, Any] = {
        field_name(locale): (PostOut, Field(alias=locale, description=f"The {locale} post."))
        for locale in locales
    }
    return create_model(
        "Posts",
        __base__=ExtrasOut,
        __config__=None,
        **fields,
    )


def drafts_of(answer: ExtrasOut, locales: tuple[str, ...]) -> dict[str, PostDraft]:
    return {locale: getattr(answer, field_name(locale)).draft() for locale in locales}


def parse_answer(model: type[M], text: str | None) -> M:
    """Validate a raw answer; anything wrong is one InvalidOutput line naming the problem."""
    if not text or not text.strip():
        raise InvalidOutput("the model returned no content")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidOutput(f"the model returned malformed JSON: {exc.msg} at {exc.pos}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "answer"
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InvalidOutput(f"invalid answer: {where}: {first['msg']}{more}") from exc


@cache
def _provider_schema(model: type[BaseModel]) -> str:
    raw = model.model_json_schema(by_alias=True)
    defs = raw.pop("$defs", {})
    return json.dumps(_strict(raw, defs))


def provider_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the subset structured outputs accept: inlined, closed, strict."""
    return copy.deepcopy(json.loads(_provider_schema(model)))


def _strict(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """One schema node made strict; ``properties`` maps names to nodes, so it is walked by value."""
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        return _strict({**target, **{k: v for k, v in node.items() if k != "$ref"}}, defs)
    out: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in node.items():
        if key in CONSTRAINTS:
            notes.append(CONSTRAINTS[key].format(value))
        elif key == "title":
            continue
        elif key == "properties":
            out[key] = {name: _strict(sub, defs) for name, sub in value.items()}
        elif key == "items":
            out[key] = _strict(value, defs)
        elif key in ("anyOf", "allOf", "oneOf"):
            out[key] = [_strict(sub, defs) for sub in value]
        else:
            out[key] = value
    if notes:
        out["description"] = " ".join([out.get("description", ""), *notes]).strip()
    if out.get("type") == "object" and "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out["properties"])
    return out

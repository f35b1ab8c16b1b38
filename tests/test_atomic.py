"""Whole-file writes: readable by others as the umask allows, never half-written."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.atomic import new_file_mode, write_atomic


@pytest.fixture
def umask() -> Iterator[None]:
    """Each test sets its own umask; the process gets its own back."""
    old = os.umask(0o022)
    new_file_mode.cache_clear()
    yield
    os.umask(old)
    new_file_mode.cache_clear()


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_written_files_get_the_mode_the_umask_gives(
    tmp_path: Path, umask: None, mask: int, mode: int
) -> None:
    os.umask(mask)
    target = tmp_path / "site" / "ru" / "post.md"
    write_atomic(target, b"hello")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == b"hello"
    assert [p.name for p in target.parent.iterdir()] == ["post.md"]

"""The notes folder is a boundary: nothing outside it is read as a note.

A symlink in the notes folder can point anywhere (``/etc/passwd``, a blog's ``.env``); whatever a
note file holds is sent to the LLM and may be published. So every note path is resolved and must
stay inside the folder, and the resolved file is opened with ``O_NOFOLLOW``: a file swapped for
a link between the check and the open is refused by the kernel instead of being followed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from publisher.errors import SourceError

O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # 0 on Windows, where the resolved-path check remains


def resolve_inside(path: Path, root: Path) -> Path:
    """The real file behind ``path``, refused when it lies outside ``root``."""
    real = path.resolve()
    real_root = root.resolve()
    if not real.is_relative_to(real_root):
        raise SourceError(f"symlink leads outside the notes folder (-> {real}); not read")
    return real


def open_no_follow(path: Path) -> BinaryIO:
    """Open a resolved file for reading; a symlink in its place is an error, not followed."""
    try:
        fd = os.open(path, os.O_RDONLY | O_NOFOLLOW)
    except OSError as exc:
        if O_NOFOLLOW and path.is_symlink():
            raise SourceError("became a symlink while being read; not read") from exc
        raise
    return os.fdopen(fd, "rb")

"""Whole-file writes: a reader (or a run killed mid-write) never sees half a file.

The temporary file is private (0600) while it is written, then gets the mode any new file
would get under the process umask (0644 with the usual 022) before it replaces the old one:
a web server or a static-site builder running as another user must be able to read the site.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path


@cache
def new_file_mode() -> int:
    """0666 minus the umask, as ``open()`` would create a file; read once per process.

    ``os.umask`` can only be read by setting it, so it is set back at once, before any worker
    thread writes.
    """
    mask = os.umask(0o077)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = new_file_mode()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""Install, start and stop the test Strapi 5 app: used by the pytest fixture and the benchmarks.

Each start gets a fresh SQLite file and uploads folder under ``root``, a random API token (the
app's bootstrap stores its hash), and a free loopback port. Failures raise StrapiUnavailable
(cannot run here: no Node) or StrapiFailed (installed but broken) with the log's tail.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from strapi_data import StrapiServer

STRAPI_APP = Path(__file__).resolve().parents[2] / "strapi-app"
INSTALL_TIMEOUT = 900.0  # a cold `npm ci` with the native SQLite build takes ~2-3 min
START_TIMEOUT = 120.0  # boots in ~3-5 s; generous for a loaded 2-core machine
STOP_TIMEOUT = 15.0


class StrapiUnavailable(Exception):
    """Strapi cannot run on this machine (Node.js or npm missing)."""


class StrapiFailed(Exception):
    """Strapi could be installed or started but failed; the message carries the output."""


def install() -> None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        raise StrapiUnavailable(f"{' and '.join(missing)} not on PATH (Node.js 20 + npm needed)")
    result = subprocess.run(
        [str(STRAPI_APP / "install.sh")],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-3000:]
        raise StrapiFailed(f"strapi-app/install.sh failed ({result.returncode}):\n{output}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise StrapiFailed(f"Strapi exited with {process.returncode}:\n{tail}")
        try:
            if requests.get(f"{url}/_health", timeout=2).status_code == 204:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    tail = log_path.read_text(errors="replace")[-3000:]
    raise StrapiFailed(f"Strapi not ready after {START_TIMEOUT:g} s:\n{tail}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Strapi runs node children; the whole process group goes."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


@contextmanager
def running_strapi(root: Path) -> Iterator[StrapiServer]:
    """Install if needed, start on 127.0.0.1 with a fresh database under ``root``, then stop."""
    install()
    (root / "public" / "uploads").mkdir(parents=True)  # Strapi refuses to start without it
    port = _free_port()
    token = secrets.token_hex(32)
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "NODE_ENV": "production",
        "DATABASE_FILENAME": str(root / "data.db"),
        "STRAPI_PUBLIC_DIR": str(root / "public"),
        "STRAPI_TEST_TOKEN": token,
        "STRAPI_TELEMETRY_DISABLED": "true",
    }
    log_path = root / "strapi.log"
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(STRAPI_APP / "node_modules" / ".bin" / "strapi"), "start"],
            cwd=STRAPI_APP,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(url, process, log_path)
            yield StrapiServer(url, token, log_path, pgid=process.pid)
        finally:
            _stop(process)

"""A real Strapi 5 for the integration tests: installed if needed, started once per session.

Each session gets a fresh SQLite file and uploads folder in a temp dir and a random API token
(the app's bootstrap stores its hash), on a free loopback port. Without Node.js the tests skip
on a developer's machine but FAIL under CI=true, so CI can never pass by running nothing.
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
from pathlib import Path

import pytest
import requests
from strapi_data import StrapiServer

STRAPI_APP = Path(__file__).resolve().parents[2] / "strapi-app"
INSTALL_TIMEOUT = 900.0  # a cold `npm ci` with the native SQLite build takes ~2-3 min
START_TIMEOUT = 120.0  # boots in ~3-5 s; generous for a loaded 2-core machine
STOP_TIMEOUT = 15.0


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"Strapi integration tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def _install() -> None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        _unavailable(f"{' and '.join(missing)} not on PATH (Node.js 20 + npm are needed)")
    result = subprocess.run(
        [str(STRAPI_APP / "install.sh")],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-3000:]
        pytest.fail(f"strapi-app/install.sh failed ({result.returncode}):\n{output}", pytrace=False)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            pytest.fail(f"Strapi exited with {process.returncode}:\n{tail}", pytrace=False)
        try:
            if requests.get(f"{url}/_health", timeout=2).status_code == 204:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    tail = log_path.read_text(errors="replace")[-3000:]
    pytest.fail(f"Strapi not ready after {START_TIMEOUT:g} s:\n{tail}", pytrace=False)


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


@pytest.fixture(scope="session")
def strapi_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StrapiServer]:
    _install()
    root = tmp_path_factory.mktemp("strapi")
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
            yield StrapiServer(url, token, log_path)
        finally:
            _stop(process)

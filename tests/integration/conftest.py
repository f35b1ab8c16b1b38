"""A real Strapi 5 for the integration tests: installed if needed, started once per session.

Each session gets a fresh SQLite file and uploads folder in a temp dir and a random API token
(the app's bootstrap stores its hash), on a free loopback port. Without Node.js the tests skip
on a developer's machine but FAIL under CI=true, so CI can never pass by running nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from strapi_data import StrapiServer
from strapi_process import StrapiFailed, StrapiUnavailable, running_strapi


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def strapi_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StrapiServer]:
    try:
        with running_strapi(tmp_path_factory.mktemp("strapi")) as server:
            yield server
    except StrapiUnavailable as exc:
        if _in_ci():
            pytest.fail(f"Strapi integration tests cannot run: {exc}", pytrace=False)
        pytest.skip(str(exc))
    except StrapiFailed as exc:
        pytest.fail(str(exc), pytrace=False)

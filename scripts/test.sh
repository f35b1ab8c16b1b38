#!/usr/bin/env bash
# The whole test suite on a fresh machine: creates .venv, installs the locked dependencies
# (requirements-test.lock) and the package, installs the Strapi 5 test app (npm, ~3 min the
# first time) and the pinned Claude Code CLI (npm), runs ruff, mypy and pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k strapi`.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# Exact, hash-checked versions from the lock (scripts/lock.sh), then publisher itself.
.venv/bin/python -m pip install -q --require-hashes -r requirements-test.lock
.venv/bin/python -m pip install -q --no-deps -e .
bash strapi-app/install.sh
bash examples/astro/install.sh  # Astro 5 for tests/test_astro_site.py (npm ci, ~30 s)
bash scripts/install_claude_code.sh  # the real Claude Code CLI for tests/test_claude_cli_real.py

.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/mypy  # strict on src/ ([tool.mypy] in pyproject.toml)
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
fi
exit "$status"

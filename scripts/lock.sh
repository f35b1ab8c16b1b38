#!/usr/bin/env bash
# Regenerates the lock files from pyproject.toml against PyPI only (no local mirrors), so they
# install on a fresh machine: requirements-test.lock (the package + test extras, used by
# scripts/test.sh and so CI) and requirements.lock (the package alone, used by scripts/run.sh,
# pinned to the same versions). Run it after changing dependencies in pyproject.toml.
# uv resolves (`pip install uv`); `--universal` keeps the lock valid for every supported Python
# and platform, `--generate-hashes` makes pip refuse a file that is not the one locked.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q uv
compile() {
  .venv/bin/uv pip compile pyproject.toml --quiet --no-config --universal --generate-hashes \
    --index-url https://pypi.org/simple --python-version 3.11 --no-header \
    --custom-compile-command "bash scripts/lock.sh" "$@"
}
compile --extra test -o requirements-test.lock
compile --constraint requirements-test.lock -o requirements.lock

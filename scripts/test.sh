#!/usr/bin/env bash
# The whole test suite on a fresh machine: creates .venv, installs the package with its test
# extras, installs the Strapi 5 test app (npm, ~3 min the first time), runs ruff and pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k strapi`.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
bash strapi-app/install.sh

.venv/bin/ruff check src tests scripts benchmarks
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
fi
exit "$status"

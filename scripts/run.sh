#!/usr/bin/env bash
# The main job on a fresh machine: creates .venv, installs the locked
# dependencies (requirements.lock) and publisher, and publishes the notes in
# examples/notes with config/publisher.example.toml (to ./site, or to Strapi when STRAPI_URL is
# set). Without an LLM key it shows the plan and cost estimate (a dry run) instead.
# Extra arguments go to `publisher run`.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# Exact, hash-checked versions from the lock (scripts/lock.sh), then publisher itself.
.venv/bin/python -m pip install -q --require-hashes -r requirements.lock
.venv/bin/python -m pip install -q --no-deps -e .

export PUBLISHER_CONFIG="${PUBLISHER_CONFIG:-config/publisher.example.toml}"
if [ -z "${ANTHROPIC_API_KEY:-}" ] && [ -z "${PUBLISHER_PROVIDER:-}" ]; then
  echo "ANTHROPIC_API_KEY is not set: showing what would be published (dry run)." >&2
  exec .venv/bin/publisher run --dry-run "$@"
fi
exec .venv/bin/publisher run "$@"

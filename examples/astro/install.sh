#!/usr/bin/env bash
# Installs the Astro example's node_modules exactly as package-lock.json pins them, for
# tests/test_astro_site.py. Idempotent: a no-op when node_modules already matches the lock
# (a stamp holds the lock's hash). ~30 s on a fresh machine; needs Node.js 20 and npm.
set -euo pipefail
cd "$(dirname "$0")"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "examples/astro/install.sh: '$tool' is not on PATH; install Node.js 20 and npm" >&2
    exit 1
  fi
done

stamp=node_modules/.publisher-install-stamp
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f $stamp && "$(cat "$stamp")" == "$lock_hash" && -x node_modules/.bin/astro ]]; then
  exit 0
fi
export ASTRO_TELEMETRY_DISABLED=1
npm ci --no-audit --no-fund --loglevel=error
echo "$lock_hash" >"$stamp"

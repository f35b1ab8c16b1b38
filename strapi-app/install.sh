#!/usr/bin/env bash
# Installs the test Strapi's node_modules exactly as package-lock.json pins them.
# Idempotent: a no-op when node_modules already matches the lock (a stamp holds the lock's hash)
# and the native SQLite driver is built. Takes ~2 min on a fresh machine (better-sqlite3
# compiles from source; node-gyp then needs the local Node headers, hence npm_config_nodedir).
set -euo pipefail
cd "$(dirname "$0")"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "strapi-app/install.sh: '$tool' is not on PATH; install Node.js 20 and npm" >&2
    exit 1
  fi
done

stamp=node_modules/.publisher-install-stamp
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
native=node_modules/better-sqlite3/build/Release/better_sqlite3.node
if [[ -f $stamp && "$(cat "$stamp")" == "$lock_hash" && -f $native ]]; then
  exit 0
fi

export npm_config_nodedir="${npm_config_nodedir:-/usr}"
if [[ ! -f "$npm_config_nodedir/include/node/node.h" ]]; then
  echo "strapi-app/install.sh: no Node headers in $npm_config_nodedir/include/node;" \
    "set npm_config_nodedir to the Node install prefix" >&2
  exit 1
fi
export STRAPI_TELEMETRY_DISABLED=true
npm ci --no-audit --no-fund --loglevel=error
echo "$lock_hash" >"$stamp"

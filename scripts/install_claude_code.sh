#!/usr/bin/env bash
# Installs the real Claude Code CLI, pinned, into .tools/claude-code (gitignored), so
# tests/test_claude_cli_real.py can check the claude-cli provider's isolation flags against it.
# Idempotent: a no-op when the pinned version is already there. The npm package brings its
# native binary as a platform package from the npm registry (no other download).
set -euo pipefail
cd "$(dirname "$0")/.."

version=2.1.197
prefix=.tools/claude-code
bin=$prefix/node_modules/.bin/claude

if [[ -x $bin ]] && "$bin" --version 2>/dev/null | grep -q "^$version "; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install_claude_code.sh: npm is not on PATH; the real-CLI test will be skipped" >&2
  exit 0
fi
mkdir -p "$prefix"
[[ -f $prefix/package.json ]] || echo '{"private": true}' >"$prefix/package.json"
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
  "@anthropic-ai/claude-code@$version"
"$bin" --version

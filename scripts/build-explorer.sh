#!/usr/bin/env bash
# Builds the GraphiQL explorer (explorer/: GraphiQL 5 from npm, bundled by esbuild from the
# committed lockfile) into explorer/dist/, which the .NET build copies beside the server's
# binaries and the server serves at /graphql/explorer/. Skips `npm ci` and the bundle when
# nothing changed. Needs Node.js 18+ and npm. Run by run.sh, test.sh and the Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/../explorer"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[explorer] npm ci" >&2
  npm ci --no-audit --no-fund --silent
fi

if [ -f dist/explorer.js ] && [ -z "$(find build.mjs package-lock.json src -newer dist/explorer.js -print -quit)" ]; then
  exit 0
fi
echo "[explorer] bundling with esbuild" >&2
node build.mjs

#!/usr/bin/env bash
# Runs every test: brings up PostgreSQL and Redis if they do not answer, then `dotnet test`
# over the whole solution. Extra arguments go to dotnet test (for example --filter Name~Pool).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The reference graphql-transport-ws client (npm graphql-ws) that a WebSocket test drives.
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "[test] installing Node.js for the reference WebSocket client" >&2
  (as_root apt-get install -y -qq nodejs npm >/dev/null 2>&1 || { as_root apt-get update -qq && as_root apt-get install -y -qq nodejs npm; }) >/dev/null
fi
if command -v npm >/dev/null 2>&1 && [ ! -d tests/ws-reference-client/node_modules/graphql-ws ]; then
  npm ci --prefix tests/ws-reference-client --no-audit --no-fund --silent
fi
# Apollo Client 4 and the persisted-query manifest generator (tests/clients), Node.js 20+.
if command -v npm >/dev/null 2>&1 && [ ! -d tests/clients/node_modules/@apollo/client ]; then
  npm ci --prefix tests/clients --no-audit --no-fund --silent
fi
# Each test server process watches files through inotify; the default 128 instances per user is
# too few when other .NET processes of the same user run beside the tests.
if [ -w /proc/sys/fs/inotify/max_user_instances ] && [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -lt 1024 ]; then
  echo 1024 > /proc/sys/fs/inotify/max_user_instances 2>/dev/null || true
fi
export DOTNET_hostBuilder__reloadConfigOnChange=false
log_file=$(mktemp)
status=0
dotnet test Son1kVers3.sln "$@" 2>&1 | tee "$log_file" || status=$?

# One closing line for CI: "N passed, N failed" summed over the test assemblies.
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log_file"
rm -f "$log_file"
exit $status

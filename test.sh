#!/usr/bin/env bash
# Runs every check CI runs: prerequisites (each missing one named), PostgreSQL and Redis (started if
# they do not answer), every test with coverage (coverlet; analyzers run in its build, warnings are
# errors), the format check (dotnet format --verify-no-changes), one coverage line per project and the
# Domain/Application gate (COVERAGE_MIN, 85 %). Exits non-zero when any of them fails.
# Extra arguments go to dotnet test (for example --filter Name~Pool); such a partial run skips the
# format check and the coverage gate (it still prints the coverage it measured).
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COVERAGE_MIN="${COVERAGE_MIN:-85}"
partial_run=$([ $# -gt 0 ] && echo 1 || echo 0)
source scripts/prerequisites.sh
require_dotnet_sdk
source scripts/services.sh

# The reference clients (npm graphql-ws) that the WebSocket tests drive, and nginx for the
# reverse-proxy test (deploy/nginx.conf).
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "[test] installing Node.js for the reference WebSocket client" >&2
  apt_install nodejs npm
fi
require_node 20
if [ ! -d tests/ws-reference-client/node_modules/graphql-ws ]; then
  npm ci --prefix tests/ws-reference-client --no-audit --no-fund --silent
fi
# The GraphiQL explorer (bundled before dotnet test builds, which copies it beside the server) and
# the browser test's driver: playwright-core with Debian's headless Chromium (no browser download).
if ! [ -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  echo "[test] installing Chromium for the explorer's browser test" >&2
  apt_install chromium
fi
if command -v npm >/dev/null 2>&1; then
  scripts/build-explorer.sh
  if [ ! -f tests/browser/node_modules/.package-lock.json ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
    npm ci --prefix tests/browser --no-audit --no-fund --silent
  fi
fi
ensure_nginx
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

failures=()
log_file=$(mktemp)
results=$(mktemp -d)
trap 'rm -rf "$log_file" "$results"' EXIT
dotnet test Son1kVers3.sln --collect "XPlat Code Coverage" --settings coverage.runsettings \
  --results-directory "$results" "$@" 2>&1 | tee "$log_file" || failures+=("tests")

# One closing line for CI: "N passed, N failed" summed over the test assemblies.
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log_file"

if [ "$partial_run" -eq 0 ]; then
  scripts/format.sh --verify || failures+=("format (run scripts/format.sh to fix)")
else
  echo "[test] partial run: format check and coverage gate skipped"
fi

shopt -s nullglob
coverage_files=("$results"/*/coverage.cobertura.xml)
if [ "$partial_run" -eq 0 ]; then
  scripts/coverage-summary.sh --min "$COVERAGE_MIN" "${coverage_files[@]}" || failures+=("coverage below $COVERAGE_MIN %")
elif [ ${#coverage_files[@]} -gt 0 ]; then
  scripts/coverage-summary.sh "${coverage_files[@]}" || true
fi

if [ ${#failures[@]} -gt 0 ]; then
  echo "[test] FAILED: ${failures[*]}" >&2
  exit 1
fi

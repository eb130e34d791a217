#!/usr/bin/env bash
# Applies the repository's formatting: whitespace (indentation, spacing, line endings: .editorconfig)
# and the code-style rules that .editorconfig sets to warning or error. With --verify it changes
# nothing and fails, listing the files, when something is not formatted (./test.sh runs that).
# Analyzer rules (Meziantou, the SDK's CA rules) are not fixed here: they fail the build itself.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=()
if [ "${1:-}" = "--verify" ]; then
  mode=(--verify-no-changes)
fi
started=$(date +%s)
status=0
# The solution's C# files, without the EF migrations (generated: `dotnet ef` writes them its own way).
exclude=(--exclude src/Infrastructure/Persistence/Migrations)
dotnet format whitespace Son1kVers3.sln "${exclude[@]}" "${mode[@]}" --verbosity quiet || status=1
dotnet format style Son1kVers3.sln --severity warn "${exclude[@]}" "${mode[@]}" --verbosity quiet || status=1
if [ ${#mode[@]} -gt 0 ]; then
  if [ $status -eq 0 ]; then
    echo "[format] clean ($(( $(date +%s) - started )) s)"
  else
    echo "[format] not formatted: run scripts/format.sh and commit the result" >&2
  fi
fi
exit $status

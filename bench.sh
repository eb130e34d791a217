#!/usr/bin/env bash
# Benchmarks, kept out of ./test.sh. Brings up PostgreSQL and Redis like the other commands.
#   ./bench.sh ledger [seconds=10] [concurrency=16] [users=2000]   token ledger reservations per second
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh
what="${1:-ledger}"; shift || true
case "$what" in
  ledger) exec dotnet run -c Release --project benchmarks/Benchmarks/Son1kVers3.Benchmarks.csproj -- "$@" ;;
  *) echo "unknown benchmark '$what' (known: ledger)" >&2; exit 2 ;;
esac

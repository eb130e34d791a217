#!/usr/bin/env bash
# Benchmarks, kept out of ./test.sh. Brings up PostgreSQL and Redis like the other commands.
#   ./bench.sh ledger [seconds=10] [concurrency=16] [users=2000]   token reservations per second
#   ./bench.sh live [generations=200] [creators=16]                 creates/s and callback→subscriber latency across two instances
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh
exec dotnet run -c Release --project benchmarks/Benchmarks/Son1kVers3.Benchmarks.csproj -- "${@:-ledger}"

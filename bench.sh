#!/usr/bin/env bash
# Benchmarks, kept out of ./test.sh. Brings up PostgreSQL and Redis like the other commands.
#   ./bench.sh ledger [seconds=10] [concurrency=16] [users=2000]   token reservations per second
#   ./bench.sh live [generations=200] [creators=16]                 creates/s and callback→subscriber latency across two instances
#   ./bench.sh storm [creates=2000] [users=200] [inFlight=100]      3 processes; kill -9, PostgreSQL cut 3 s, Redis down 3 s: leaks, stuck, double charges, client errors
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh
exec dotnet run -c Release --project benchmarks/Benchmarks/Son1kVers3.Benchmarks.csproj -- "${@:-ledger}"

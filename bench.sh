#!/usr/bin/env bash
# Benchmarks, kept out of ./test.sh. Brings up PostgreSQL and Redis like the other commands.
#   ./bench.sh ledger [seconds=10] [concurrency=16] [users=2000]   token reservations per second
#   ./bench.sh live [generations=200] [creators=16]                 creates/s and callback→subscriber latency across two instances
#   ./bench.sh storm [creates=2000] [users=200] [inFlight=100]      3 processes; kill -9, PostgreSQL cut 3 s, Redis down 3 s: leaks, stuck, double charges, client errors
#   ./bench.sh compare [seconds=10] [rounds=3] [users=1000]         plans vs mercurius+graphql-jit vs raw ASP.NET Core, me { usage }, createGeneration on two
#                                                                   instances + ledger audit; servers on core 0, wrk on core 1; table + benchmarks/results/compare-latest.json
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() { as_root apt-get install -y -qq "$@" >/dev/null 2>&1 || { as_root apt-get update -qq && as_root apt-get install -y -qq "$@" >/dev/null; }; }

if [ "${1:-ledger}" = "compare" ]; then
  command -v wrk >/dev/null 2>&1 || apt_install wrk
  command -v taskset >/dev/null 2>&1 || apt_install util-linux
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  if [ ! -d benchmarks/peers/node_modules/mercurius ]; then
    npm ci --prefix benchmarks/peers --no-audit --no-fund --silent
  fi
fi
exec dotnet run -c Release --project benchmarks/Benchmarks/Son1kVers3.Benchmarks.csproj -- "${@:-ledger}"

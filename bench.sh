#!/usr/bin/env bash
# Benchmarks, kept out of ./test.sh. Brings up PostgreSQL and Redis like the other commands.
#   ./bench.sh ledger [seconds=10] [concurrency=16] [users=2000]   token reservations per second
#   ./bench.sh live [generations=700] [creators=16]                 creates/s and callback→subscriber latency across two instances (half the callbacks warm up);
#                                                                   LIVE_SERVER_ENV="K=V;…" adds server settings, LIVE_WARMUP_CALLBACKS the most warm-up callbacks (400)
#   ./bench.sh storm [creates=2000] [users=200] [inFlight=100]      3 processes; kill -9, PostgreSQL cut 3 s, Redis down 3 s: leaks, stuck, double charges, client errors
#   ./bench.sh chat [subscribers=1000] [senders=50] [perSender=4]   2 processes, one room: send→receipt p50/p99, all once in order, RSS per socket
#   ./bench.sh fanout [subscribers=10000] [other-bin]               1 process: tokenPoolUpdated + generationUpdated, one event each: delivered, p50/p99, RSS per socket;
#                                                                   another build's bin folder runs that server under the same client; FANOUT_SERVER_ENV="K=V;…" adds server settings
#   ./bench.sh compare [seconds=10] [rounds=3] [users=1000]         plans vs mercurius+graphql-jit vs raw ASP.NET Core, me { usage }, createGeneration on two
#                                                                   instances + ledger audit; servers on core 0, wrk on core 1; table + benchmarks/results/compare-latest.json
#   ./bench.sh gen [seconds=5] [rounds=2] [users=400] [other-bin]   compare's createGeneration alone: accepted/s, CPU ms per accepted generation, transactions;
#                                                                   with another build's bin folder, the two builds take turns round after round
#                                                                   GEN_SERVER_ENV="K=V;…" adds server settings to both builds (e.g. GENERATION_WORKER_ENABLED=false)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh
# Many sockets (chat, fanout): two descriptors per socket on this machine (client and server side).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "${1:-ledger}" = "compare" ] || [ "${1:-}" = "gen" ]; then
  command -v wrk >/dev/null 2>&1 || apt_install wrk
  command -v taskset >/dev/null 2>&1 || apt_install util-linux
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  if [ ! -d benchmarks/peers/node_modules/mercurius ]; then
    npm ci --prefix benchmarks/peers --no-audit --no-fund --silent
  fi
fi
exec dotnet run -c Release --project benchmarks/Benchmarks/Son1kVers3.Benchmarks.csproj -- "${@:-ledger}"

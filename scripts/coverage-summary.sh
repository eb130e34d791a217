#!/usr/bin/env bash
# Prints one line per product assembly from coverlet's Cobertura files (one per test project),
# merging them: a line counts as covered when any test project ran it. With --min N, exits 1
# when Domain or Application is below N % of its lines.
# Usage: scripts/coverage-summary.sh [--min 85] coverage.cobertura.xml...
set -euo pipefail
min=""
if [ "${1:-}" = "--min" ]; then min=$2; shift 2; fi
[ $# -gt 0 ] || { echo "[coverage] no coverage files were written (was coverlet.collector restored?)" >&2; exit 1; }

awk -v min="$min" '
  match($0, /<package name="[^"]*"/) { pkg = substr($0, RSTART + 15, RLENGTH - 16); sub(/^Son1kVers3\./, "", pkg) }
  # A class and its file name without folders: the reports of different test projects root paths differently.
  match($0, /<class name="[^"]*" filename="[^"]*"/) { s = substr($0, RSTART, RLENGTH); split(s, q, "\""); f = q[4]; sub(/.*[\/\\]/, "", f); file = q[2] "|" f }
  match($0, /<line number="[0-9]+" hits="[0-9]+"/) {
    s = substr($0, RSTART, RLENGTH); split(s, q, "\"")
    key = pkg SUBSEP file SUBSEP q[2]
    if (!(key in seen)) { seen[key] = 1; total[pkg]++ }
    if (q[4] + 0 > 0 && !(key in hit)) { hit[key] = 1; covered[pkg]++ }
  }
  END {
    n = split("Domain Application Infrastructure GraphQL", order, " ")
    failed = 0
    for (i = 1; i <= n; i++) {
      p = order[i]
      if (!(p in total)) { printf "coverage %-15s no data\n", p; if (min != "" && (p == "Domain" || p == "Application")) failed = 1; continue }
      pct = 100 * covered[p] / total[p]
      gate = ""
      if (min != "" && (p == "Domain" || p == "Application")) {
        if (pct + 0.0001 < min) { gate = sprintf("  BELOW the %s %% gate", min); failed = 1 } else gate = sprintf("  (gate %s %%)", min)
      }
      printf "coverage %-15s %5.1f %% of lines (%d/%d)%s\n", p, pct, covered[p], total[p], gate
    }
    exit failed
  }' "$@"

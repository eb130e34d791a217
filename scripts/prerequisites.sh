#!/usr/bin/env bash
# Checks of what ./test.sh needs besides PostgreSQL and Redis, each saying exactly what is missing
# and how to get it. Sourced by test.sh (ensure_nginx uses apt_install from services.sh).

prereq_fail() {
  echo "[prerequisites] MISSING: $1" >&2
  shift
  for line in "$@"; do echo "[prerequisites]   $line" >&2; done
  exit 1
}

# The SDK global.json asks for: the same major.minor, a feature band at least as high (rollForward latestFeature).
require_dotnet_sdk() {
  local wanted major_minor band installed
  wanted=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([0-9][0-9.]*\)".*/\1/p' global.json | head -n 1)
  major_minor=${wanted%.*}
  band=${wanted##*.}
  local how=(
    "Install it (Debian/Ubuntu, no root needed):"
    "  curl -fsSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel $major_minor"
    "  export DOTNET_ROOT=\$HOME/.dotnet PATH=\$HOME/.dotnet:\$PATH"
    "(it needs: sudo apt-get install -y curl ca-certificates libicu-dev)"
  )
  command -v dotnet >/dev/null 2>&1 || prereq_fail "the .NET SDK $wanted or a later $major_minor SDK (global.json); 'dotnet' is not on PATH." "${how[@]}"
  installed=$(dotnet --list-sdks 2>/dev/null | awk -v mm="$major_minor" -v band="$band" \
    '{ split($1, v, "."); if (v[1] "." v[2] == mm && v[3] + 0 >= band + 0) print $1 }' | tail -n 1)
  [ -n "$installed" ] || prereq_fail "the .NET SDK $wanted or a later $major_minor SDK (global.json); installed: $(dotnet --list-sdks 2>/dev/null | awk '{print $1}' | tr '\n' ' ')" "${how[@]}"
}

# Node.js for the npm reference clients (graphql-ws 6 needs Node 20 or later).
require_node() {
  local minimum=$1 found=""
  command -v node >/dev/null 2>&1 && found=$(node --version 2>/dev/null)
  local major=${found#v}
  major=${major%%.*}
  if [ -z "$found" ] || [ "${major:-0}" -lt "$minimum" ]; then
    prereq_fail "Node.js $minimum or later (found: ${found:-none}); the reference clients (graphql-ws 6) need it." \
      "Debian 12's nodejs is 18 and Ubuntu 22.04's is 12. Install Node.js 22 from NodeSource:" \
      "  curl -fsSL https://deb.nodesource.com/setup_22.x | sudo -E bash - && sudo apt-get install -y nodejs"
  fi
}

# Debian's nginx for the reverse-proxy test. Installed without starting the packaged service.
ensure_nginx() {
  [ -x /usr/sbin/nginx ] && return 0
  command -v apt-get >/dev/null 2>&1 ||
    prereq_fail "nginx (the reverse-proxy test runs deploy/nginx.conf); install your system's nginx package."
  echo "[prerequisites] installing nginx for the reverse-proxy test" >&2
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod +x $policy" && created=1
  fi
  apt_install nginx || true
  [ "$created" -eq 0 ] || as_root rm -f "$policy"
  [ -x /usr/sbin/nginx ] || prereq_fail "nginx: 'apt-get install nginx' did not install /usr/sbin/nginx." "Install it by hand: sudo apt-get install -y nginx"
}

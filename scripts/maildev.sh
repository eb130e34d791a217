#!/usr/bin/env bash
# The development mail catcher (maildev from npm, pinned in scripts/maildev/): SMTP on
# MAILDEV_SMTP_PORT (1025), a web inbox on MAILDEV_WEB_PORT (1080), both on 127.0.0.1 only.
# Sourced by run.sh when SMTP_URL is unset. Reuses a catcher that already answers; otherwise
# installs (npm ci) and starts one in the background, left running like PostgreSQL and Redis
# (its PID in .local/maildev.pid; stop it with `kill "$(cat .local/maildev.pid)"`). Without
# Node.js 18+ and npm it says so and returns 1: the server then runs without mail
# (EMAIL_UNAVAILABLE from the mutations that send mail).

MAILDEV_SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"

maildev_log() { echo "[maildev] $*" >&2; }

maildev_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$MAILDEV_SMTP_PORT") 2>/dev/null; }

start_maildev() {
  local root dir pidfile
  root="$(pwd)"
  dir="$root/scripts/maildev"
  pidfile="$root/.local/maildev.pid"
  if ! maildev_answers; then
    if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
      maildev_log "npm/node not found: no local mail catcher, so no mail is sent (install Node.js 18+ or set SMTP_URL)"
      return 1
    fi
    if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
      maildev_log "Node.js $(node --version) is older than 18: no local mail catcher (install Node.js 18+ or set SMTP_URL)"
      return 1
    fi
    if [ ! -x "$dir/node_modules/.bin/maildev" ]; then
      maildev_log "installing maildev (npm ci in scripts/maildev)"
      (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2) || { maildev_log "npm ci failed: no local mail catcher"; return 1; }
    fi
    mkdir -p "$root/.local"
    nohup "$dir/node_modules/.bin/maildev" --ip 127.0.0.1 -s "$MAILDEV_SMTP_PORT" -w "$MAILDEV_WEB_PORT" \
      > "$root/.local/maildev.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 60); do
      maildev_answers && break
      sleep 0.5
    done
    maildev_answers || { maildev_log "maildev did not start (see .local/maildev.log)"; return 1; }
  fi
  export SMTP_URL="smtp://127.0.0.1:$MAILDEV_SMTP_PORT"
  maildev_log "mail goes to the local catcher: read it at http://localhost:$MAILDEV_WEB_PORT"
}

#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer at DATABASE_URL and REDIS_URL, exporting both.
# Order: use them if they already answer; else `docker compose up -d postgres redis` when a
# Docker engine runs; else, on Debian/Ubuntu, install them from the OS packages and start
# them on loopback without systemd. Idempotent. Sourced by run.sh and test.sh.
set -euo pipefail

export DATABASE_URL="${DATABASE_URL:-postgresql://son1kvers3:son1kvers3@127.0.0.1:5432/son1kvers3}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

log() { echo "[services] $*" >&2; }

# postgresql://user:pass@host:port/db -> PG_USER PG_PASS PG_HOST PG_PORT PG_DB
parse_database_url() {
  local re='^postgres(ql)?://([^:@/]+)(:([^@/]*))?@([^:/]+)(:([0-9]+))?/([^?]+)'
  if [[ ! "$DATABASE_URL" =~ $re ]]; then
    log "DATABASE_URL must look like postgresql://user:password@host:port/database (got '$DATABASE_URL')"
    return 1
  fi
  PG_USER="${BASH_REMATCH[2]}"; PG_PASS="${BASH_REMATCH[4]}"; PG_HOST="${BASH_REMATCH[5]}"
  PG_PORT="${BASH_REMATCH[7]:-5432}"; PG_DB="${BASH_REMATCH[8]}"
}

parse_redis_url() {
  local re='^rediss?://(([^@]*)@)?([^:/]+)(:([0-9]+))?'
  if [[ ! "$REDIS_URL" =~ $re ]]; then
    log "REDIS_URL must look like redis://host:port (got '$REDIS_URL')"
    return 1
  fi
  REDIS_HOST="${BASH_REMATCH[3]}"; REDIS_PORT="${BASH_REMATCH[5]:-6379}"
}

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

postgres_answers() {
  command -v psql >/dev/null 2>&1 || { tcp_open "$PG_HOST" "$PG_PORT"; return; }
  PGPASSWORD="$PG_PASS" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -tAc 'select 1' >/dev/null 2>&1
}

redis_answers() {
  tcp_open "$REDIS_HOST" "$REDIS_PORT" || return 1
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
  fi
}

wait_for() {
  local what=$1 check=$2
  for _ in $(seq 1 60); do
    if $check; then return 0; fi
    sleep 1
  done
  log "$what did not answer within 60 s"
  return 1
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

start_local_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing PostgreSQL from the OS packages"
    apt_install postgresql postgresql-contrib
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
    as_root pg_createcluster "$version" main --port "$PG_PORT" >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
    log "starting PostgreSQL $version on port $PG_PORT"
    as_root pg_ctlcluster "$version" main start
  fi
  wait_for "PostgreSQL" "tcp_open $PG_HOST $PG_PORT"
  # The role needs a password (loopback TCP uses scram-sha-256) and CREATEDB (tests make their own databases).
  as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qAt" >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE "$PG_USER" LOGIN CREATEDB PASSWORD '$PG_PASS';
  ELSE
    ALTER ROLE "$PG_USER" LOGIN CREATEDB PASSWORD '$PG_PASS';
  END IF;
END \$\$;
SQL
  if ! as_root su postgres -c "psql -tAc \"select 1 from pg_database where datname = '$PG_DB'\"" | grep -q 1; then
    as_root su postgres -c "createdb -O '$PG_USER' '$PG_DB'"
  fi
}

start_local_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    log "installing Redis from the OS packages"
    apt_install redis-server
  fi
  log "starting Redis on $REDIS_HOST:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --logfile /tmp/son1kvers3-redis.log >/dev/null
}

docker_engine_runs() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

ensure_services() {
  parse_database_url
  parse_redis_url
  local pg_ok=1 redis_ok=1
  postgres_answers || pg_ok=0
  redis_answers || redis_ok=0
  if [ $pg_ok -eq 1 ] && [ $redis_ok -eq 1 ]; then
    log "PostgreSQL and Redis answer"
    return 0
  fi

  if docker_engine_runs; then
    log "starting PostgreSQL and Redis with docker compose"
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    docker compose -f "$root/compose.yaml" up -d postgres redis
  elif command -v apt-get >/dev/null 2>&1; then
    [ $pg_ok -eq 1 ] || start_local_postgres
    [ $redis_ok -eq 1 ] || start_local_redis
  else
    log "PostgreSQL or Redis does not answer, there is no Docker engine, and this is not Debian/Ubuntu."
    log "Start them yourself and set DATABASE_URL and REDIS_URL."
    return 1
  fi
  wait_for "PostgreSQL at $PG_HOST:$PG_PORT" postgres_answers
  wait_for "Redis at $REDIS_HOST:$REDIS_PORT" redis_answers
  log "PostgreSQL and Redis answer"
}

ensure_services

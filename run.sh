#!/usr/bin/env bash
# Runs the server in Development: brings up PostgreSQL and Redis if they do not answer,
# migrates, seeds, and serves GraphQL at http://localhost:${PORT:-3001}/graphql.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/services.sh

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The GraphiQL explorer at /graphql is bundled from npm (explorer/); without Node.js the server
# still runs and the page says how to build it.
if command -v npm >/dev/null 2>&1; then
  scripts/build-explorer.sh
else
  echo "[run] Node.js/npm not found: the explorer is not built (install nodejs and npm, then ./run.sh again)" >&2
fi
export PORT="${PORT:-3001}"
# Without SMTP_URL, development mail goes to a local catcher (maildev): read it at http://localhost:1080.
if [ -z "${SMTP_URL:-}" ] && [ "$ASPNETCORE_ENVIRONMENT" = "Development" ] && [ "${MAILDEV:-1}" != "0" ]; then
  source scripts/maildev.sh
  start_maildev || true
fi
echo "GraphQL: http://localhost:$PORT/graphql   health: http://localhost:$PORT/health"
exec dotnet run --project src/GraphQL/Son1kVers3.GraphQL.csproj --no-launch-profile

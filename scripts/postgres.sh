#!/usr/bin/env bash
# A throwaway PostgreSQL 15 on loopback for the store and API tests.
#   scripts/postgres.sh start   initialise (once) and start it; a no-op when it already runs
#   scripts/postgres.sh stop    stop it and remove its data
#   scripts/postgres.sh url     print its connection string
# Debian's postgresql-15 is installed with apt-get when missing (as root). initdb refuses to run as
# root, so root runs the server as the `postgres` user.
set -euo pipefail

PG_VERSION=15
PG_BIN="${PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}"
# Below the ephemeral port range (32768-60999 on Linux): a port in it can be taken by any outgoing
# connection, such as the API server's to etcd, and the server then cannot bind.
PG_PORT="${MODELOPS_PG_PORT:-15432}"
PG_DIR="${MODELOPS_PG_DIR:-/tmp/modelops-postgres-$PG_PORT}"

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_installed() {
  if [ -x "$PG_BIN/postgres" ]; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "postgres.sh: PostgreSQL $PG_VERSION is not installed in $PG_BIN; install postgresql-$PG_VERSION" >&2
    exit 1
  fi
  echo "postgres.sh: installing postgresql-$PG_VERSION" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_VERSION" >&2
  # The package starts a cluster of its own on 5432; ours runs apart from it.
}

case "${1:-}" in
  start)
    ensure_installed
    if [ -f "$PG_DIR/data/postmaster.pid" ] && as_server_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
      exit 0
    fi
    mkdir -p "$PG_DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
      as_server_user "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
    fi
    # Durability is not needed for tests; max_connections covers one database per test file.
    as_server_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    ;;
  stop)
    if [ -d "$PG_DIR/data" ]; then
      as_server_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$PG_DIR"
    fi
    ;;
  url)
    echo "postgresql://postgres@127.0.0.1:$PG_PORT"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac

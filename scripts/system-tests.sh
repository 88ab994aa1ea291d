#!/usr/bin/env bash
# System tests (system/*.test.ts, Node's test runner): the demo backend run as processes, as an operator
# runs it: two replicas on one PostgreSQL database, killed and paused. On a local cluster of its own
# (.data/k8s-system), since the tests pause its API server; PostgreSQL is started when it is not running.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

started_postgres=
cleanup() {
  scripts/k8s/down.sh >/dev/null || true
  [ -z "$started_postgres" ] || scripts/postgres.sh stop
}
trap cleanup EXIT
if ! psql "$(scripts/postgres.sh url)" -c 'SELECT 1' >/dev/null 2>&1; then
  scripts/postgres.sh start
  started_postgres=1
fi
export MODELOPS_POSTGRES_URL="$(scripts/postgres.sh url)"
export MODELOPS_K8S_DIR="$PWD/.data/k8s-system" MODELOPS_K8S_PORT_BASE=17500
scripts/k8s/up.sh >/dev/null
for port in 7027 7028; do
  if curl -s -o /dev/null "http://localhost:$port"; then
    echo "system-tests: port $port is in use" >&2
    exit 1
  fi
done
# Arguments go to the test runner, e.g. --test-name-pattern="canary step".
node --test --test-concurrency=1 "$@" system/*.test.ts

#!/usr/bin/env bash
# Benchmarks, kept apart from the tests; each prints its figures and its targets.
#   ./scripts/bench.sh api      the API load benchmark (bench/api-load.ts)
#   ./scripts/bench.sh runtime  the runtime benchmark on a local cluster of its own (bench/runtime.ts)
#   ./scripts/bench.sh frontend the frontend plugin's bundle and its Deployments tab in Chromium, with
#                               200 deployments on a local cluster of its own (bench/frontend.ts)
#   ./scripts/bench.sh replicas 200 deployments created and updated through one backend replica, then
#                               through two on one PostgreSQL database (bench/replicas.ts)
#   ./scripts/bench.sh metrics  the metrics route against the same PromQL sent directly to a local
#                               Prometheus holding an hour of one deployment's series (bench/metrics.ts)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

case "${1:-api}" in
  api) exec node bench/api-load.ts ;;
  metrics)
    scripts/prometheus.sh install
    exec node bench/metrics.ts
    ;;
  runtime | frontend)
    export MODELOPS_K8S_DIR="$PWD/.data/k8s-bench" MODELOPS_K8S_PORT_BASE=17480
    scripts/k8s/up.sh >/dev/null
    trap scripts/k8s/down.sh EXIT
    node "bench/$1.ts"
    ;;
  replicas)
    stop_postgres=
    if ! psql "$(scripts/postgres.sh url)" -c 'SELECT 1' >/dev/null 2>&1; then
      scripts/postgres.sh start
      stop_postgres=1
    fi
    export MODELOPS_POSTGRES_URL="$(scripts/postgres.sh url)"
    export MODELOPS_K8S_DIR="$PWD/.data/k8s-bench" MODELOPS_K8S_PORT_BASE=17480
    scripts/k8s/up.sh >/dev/null
    trap 'scripts/k8s/down.sh; [ -z "$stop_postgres" ] || scripts/postgres.sh stop' EXIT
    node bench/replicas.ts
    ;;
  *) echo "usage: $0 [api|runtime|frontend|metrics|replicas]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Starts the demo app: the backend on http://localhost:7007 and the frontend on http://localhost:3000,
# with a local Kubernetes cluster (scripts/k8s) and the demo's metrics (scripts/demo: Prometheus, and the
# simulated request traffic of the cluster's pods), which it stops again when the app stops (Ctrl-C).
# On a fresh machine it first installs what is missing (Node 22, the dependencies and Debian's Prometheus)
# and builds the cluster's binaries (once). MODELOPS_DEMO_CLUSTER=none starts the app without a cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

if [ "${MODELOPS_DEMO_CLUSTER:-local}" != local ]; then
  exec yarn start --config "$PWD/app-config.yaml" --config "$PWD/app-config.demo.yaml" "$@"
fi

scripts/prometheus.sh install
source scripts/k8s/env.sh
scripts/k8s/up.sh >/dev/null
# Everything started from here stops when the script ends, however it ends, the cluster last. Each step
# is tried whatever the one before it did.
stop_demo() {
  set +e
  [ -n "${app:-}" ] && kill -TERM -- "-$app" 2>/dev/null && wait "$app"
  [ -n "${traffic:-}" ] && kill -TERM "$traffic" 2>/dev/null && wait "$traffic"
  scripts/demo/prometheus.sh stop .data/prometheus
  scripts/k8s/down.sh
}
trap stop_demo EXIT
trap 'exit 130' INT TERM

# The metrics: Prometheus scrapes the nodes' kubelet resource metrics (CPU and memory) and the request
# metrics that scripts/demo/traffic.ts simulates, since the cluster's pods serve no requests.
scripts/demo/prometheus.sh start .data/prometheus
# The local-cluster workspace declares no module type, so Node says it detected ESM in the exporter it loads.
KUBECONFIG="$K8S_KUBECONFIG" setsid node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON \
  scripts/demo/traffic.ts .data/prometheus/traffic-targets.json >.data/demo-traffic.log 2>&1 </dev/null &
traffic=$!

# The app runs in its own process group, so that stopping it stops the backend and frontend it spawns.
setsid yarn start --config "$PWD/app-config.yaml" --config "$PWD/app-config.demo.yaml" \
  --config "$PWD/app-config.local-cluster.yaml" \
  --config "$K8S_DIR/app-config.yaml" "$@" &
app=$!
wait "$app"

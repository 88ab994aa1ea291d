#!/usr/bin/env bash
# Starts the demo app: the backend on http://localhost:7007 and the frontend on http://localhost:3000,
# with a local Kubernetes cluster (scripts/k8s) that it stops again when the app stops (Ctrl-C).
# On a fresh machine it first installs what is missing (Node 22 and the dependencies) and builds the
# cluster's binaries (once). MODELOPS_DEMO_CLUSTER=none starts the app without a cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

if [ "${MODELOPS_DEMO_CLUSTER:-local}" != local ]; then
  exec yarn start "$@"
fi

scripts/k8s/up.sh >/dev/null
# The app runs in its own process group, so that stopping it stops the backend and frontend it spawns;
# the cluster goes down after it, however the script ends.
setsid yarn start --config "$PWD/app-config.yaml" --config "$PWD/app-config.local-cluster.yaml" \
  --config "$PWD/.data/k8s/app-config.yaml" "$@" &
app=$!
stop_app() { kill -TERM -- "-$app" 2>/dev/null && wait "$app" 2>/dev/null; }
trap 'stop_app; scripts/k8s/down.sh' EXIT
trap 'exit 130' INT TERM
wait "$app"

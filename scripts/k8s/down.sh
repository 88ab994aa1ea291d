#!/usr/bin/env bash
# Stops the local cluster started by up.sh and removes its state: no process is left behind.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
source "$here/real-node.sh"

stop() { # components...: stops them together, waits up to 10 s, then kills what is left
  local component pid
  local -A pids=()
  for component in "$@"; do
    [ -f "$K8S_DIR/pids/$component.pid" ] || continue
    pid="$(cat "$K8S_DIR/pids/$component.pid")"
    # Each component runs in its own session (setsid), so the whole group goes, children included.
    kill -TERM -- "-$pid" 2>/dev/null && pids[$component]=$pid
  done
  for _ in $(seq 100); do
    for component in "${!pids[@]}"; do
      kill -0 "${pids[$component]}" 2>/dev/null || unset "pids[$component]"
    done
    [ ${#pids[@]} -eq 0 ] && return
    sleep 0.1
  done
  for component in "${!pids[@]}"; do
    echo "k8s/down: $component (${pids[$component]}) did not stop in 10 s; killing it" >&2
    kill -KILL -- "-${pids[$component]}" 2>/dev/null || true
  done
}

# The real node first, while the API server can still tell its kubelet to stop the pods.
real_node_down || echo "k8s/down: the real node did not stop cleanly (scripts/k8s/leftovers.sh says what is left)" >&2
# The store last, so that nothing spends its shutdown retrying a store that is already gone.
stop metrics-server kwok kube-scheduler kube-controller-manager kube-apiserver
stop etcd
rm -rf "$K8S_DIR"
echo "k8s/down: stopped the cluster in $K8S_DIR" >&2

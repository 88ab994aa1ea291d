#!/usr/bin/env bash
# The demo's Prometheus on 127.0.0.1:9090, which app-config.local-cluster.yaml points the metrics at.
#   scripts/demo/prometheus.sh start <dir>   (re)starts it; config, data, log and pid in <dir>
#   scripts/demo/prometheus.sh stop <dir>    stops it
# It scrapes every 5 s, as a cluster's Prometheus would: each node's kubelet resource metrics (CPU and
# memory of every container) over https, checked against the cluster CA (the nodes of the local cluster,
# scripts/k8s, whose kubelet endpoint is kwok's server), and the request metrics of the traffic
# simulator (scripts/demo/traffic.ts), at the address it writes to <dir>/traffic-targets.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../k8s/env.sh"

PORT=9090
command="${1:-}"
dir="${2:-}"
if [[ ! "$command" =~ ^(start|stop)$ || -z "$dir" ]]; then
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
fi
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
pid_file="$dir/prometheus.pid"

stop() {
  [ -f "$pid_file" ] || return 0
  local pid
  pid="$(cat "$pid_file")"
  # A pid file that outlived its server may name another process by now.
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = prometheus ] && kill -TERM "$pid"; then
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

if [ "$command" = stop ]; then
  stop
  exit 0
fi

binary="$("$here/../prometheus.sh" path)"
stop
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "demo/prometheus: port $PORT is taken by another process (Debian's prometheus service? systemctl stop prometheus); the demo's Prometheus needs it" >&2
  exit 1
fi

# The samples of an earlier run are of pods that no longer exist: the cluster starts afresh too.
rm -rf "$dir/data"
# Each node's kubelet endpoint, and the path of its resource metrics: a real kubelet serves
# /metrics/resource, a kwok node names its path in the annotation that metrics-server reads too.
# Debian's Prometheus is built without Kubernetes service discovery, so the nodes are listed here, once:
# the local cluster's nodes do not change.
nodes="$(KUBECONFIG="$K8S_KUBECONFIG" kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.status.addresses[?(@.type=="InternalIP")].address}:{.status.daemonEndpoints.kubeletEndpoint.Port} {.metadata.annotations.metrics\.k8s\.io/resource-metrics-path}{"\n"}{end}')"
{
  cat <<CONFIG
# Written by scripts/demo/prometheus.sh.
global:
  scrape_interval: 5s
  scrape_timeout: 5s
scrape_configs:
  - job_name: simulated-traffic
    file_sd_configs:
      - files: [$dir/traffic-targets.json]
  - job_name: kubelet-resource
    scheme: https
    tls_config:
      ca_file: $K8S_DIR/pki/ca.crt
    static_configs:
CONFIG
  while read -r node endpoint path; do
    cat <<NODE
      - targets: ['$endpoint']
        labels: { instance: $node, __metrics_path__: '${path:-/metrics/resource}' }
NODE
  done <<<"$nodes"
} >"$dir/prometheus.yml"

setsid "$binary" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --web.listen-address="127.0.0.1:$PORT" >"$dir/prometheus.log" 2>&1 </dev/null &
echo $! >"$pid_file"

deadline=$((SECONDS + 30))
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/-/ready"; do
  if ! kill -0 "$(cat "$pid_file")" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "demo/prometheus: Prometheus did not start; the end of $dir/prometheus.log:" >&2
    tail -n 20 "$dir/prometheus.log" >&2
    stop
    exit 1
  fi
  sleep 0.2
done
echo "demo/prometheus: http://127.0.0.1:$PORT, scraping the nodes of $K8S_DIR and the traffic simulator" >&2

#!/usr/bin/env bash
# Starts a local Kubernetes cluster on loopback: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok (simulated nodes that run pods: CPU-only and GPU nodes) and metrics-server (reading
# kwok's simulated usage, so HorizontalPodAutoscalers act), with the Istio and Gateway API CRDs; with
# MODELOPS_K8S_REAL_NODE=1 also a node that runs real containers (real-node.sh).
# Builds the binaries the first time (scripts/k8s/build.sh). Writes the admin kubeconfig to
# $K8S_DIR/kubeconfig, and Backstage's configuration of the cluster to $K8S_DIR/app-config.yaml, and
# prints `export KUBECONFIG=...`. A running cluster is left as it is.
# Stop it with scripts/k8s/down.sh.
# -E: a failure inside a function (real_node_up) runs the ERR trap too, which stops what was started.
set -Eeuo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
source "$here/real-node.sh"
started=$SECONDS

running() { [ -f "$K8S_DIR/pids/$1.pid" ] && kill -0 "$(cat "$K8S_DIR/pids/$1.pid")" 2>/dev/null; }

if running kube-apiserver; then
  echo "k8s/up: already running in $K8S_DIR" >&2
  echo "export KUBECONFIG=$K8S_KUBECONFIG"
  exit 0
fi

command -v kubectl >/dev/null || { echo "k8s/up: kubectl is needed" >&2; exit 1; }
command -v openssl >/dev/null || { echo "k8s/up: openssl is needed" >&2; exit 1; }

declare -A bin_dir
while IFS='=' read -r component dir; do bin_dir[$component]="$dir"; done < <("$here/build.sh")

on_failure() {
  echo "k8s/up: the cluster did not come up; the last lines of each component's log:" >&2
  for log in "$K8S_DIR"/logs/*.log; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }
  done
  "$here/down.sh" || true
}
trap on_failure ERR

# A cluster that crashed with its real node up leaves mounts and a bridge: down.sh takes them away first.
[ -d "$K8S_DIR/node" ] && "$here/down.sh" >&2
rm -rf "$K8S_DIR"
mkdir -p "$K8S_DIR/pids" "$K8S_DIR/logs"
pki="$K8S_DIR/pki"
"$here/pki.sh" "$pki"
server="https://127.0.0.1:$APISERVER_PORT"

kubeconfig() { # file, user, certificate name
  kubectl config --kubeconfig="$1" set-cluster local --server="$server" --certificate-authority="$pki/ca.crt" --embed-certs >/dev/null
  kubectl config --kubeconfig="$1" set-credentials "$2" --client-certificate="$pki/$3.crt" --client-key="$pki/$3.key" --embed-certs >/dev/null
  kubectl config --kubeconfig="$1" set-context local --cluster=local --user="$2" >/dev/null
  kubectl config --kubeconfig="$1" use-context local >/dev/null
}
kubeconfig "$K8S_KUBECONFIG" admin admin
kubeconfig "$K8S_DIR/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
kubeconfig "$K8S_DIR/scheduler.kubeconfig" system:kube-scheduler scheduler
export KUBECONFIG="$K8S_KUBECONFIG"

start() { # component, binary, args...
  local component="$1" binary="$2"
  shift 2
  setsid "$binary" "$@" >"$K8S_DIR/logs/$component.log" 2>&1 < /dev/null &
  echo $! >"$K8S_DIR/pids/$component.pid"
}

wait_for() { # what, seconds, command...
  local what="$1" deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    for component in "${K8S_COMPONENTS[@]}"; do
      if [ -f "$K8S_DIR/pids/$component.pid" ] && ! running "$component"; then
        echo "k8s/up: $component exited while waiting for $what" >&2
        return 1
      fi
    done
    if [ $SECONDS -ge $deadline ]; then
      echo "k8s/up: timed out waiting for $what" >&2
      return 1
    fi
    sleep 0.2
  done
}

# A throwaway cluster: etcd skips fsync, which makes it several times faster on a shared disk.
start etcd "${bin_dir[etcd]}/etcd" \
  --name=local --data-dir="$K8S_DIR/etcd" --unsafe-no-fsync \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="local=http://127.0.0.1:$ETCD_PEER_PORT"

start kube-apiserver "${bin_dir[kubernetes]}/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
  --endpoint-reconciler-type=none \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" \
  --authorization-mode=Node,RBAC --allow-privileged=true \
  --service-cluster-ip-range=10.96.0.0/16 \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --requestheader-client-ca-file="$pki/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$pki/front-proxy-client.crt" --proxy-client-key-file="$pki/front-proxy-client.key" \
  --audit-policy-file="$here/manifests/audit-policy.yaml" --audit-log-format=json \
  --audit-log-path="$K8S_DIR/logs/audit-backstage.log" --audit-log-maxsize=100 --audit-log-maxbackup=1 \
  --kubelet-preferred-address-types=InternalIP --kubelet-certificate-authority="$pki/ca.crt" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$pki/apiserver-kubelet-client.key"

wait_for "the API server" 60 kubectl get --raw /readyz

# The API server's own endpoints are not published (--endpoint-reconciler-type=none): Endpoints may not
# hold a loopback address, and simulated pods never call the API.
#
# The HPA settings are the only departure from the defaults: a 5 s sync (default 15 s) and a 30 s
# scale-down stabilisation window (default 5 min), so that tests see autoscaling act within seconds.
start kube-controller-manager "${bin_dir[kubernetes]}/kube-controller-manager" \
  --kubeconfig="$K8S_DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$K8S_DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$K8S_DIR/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$CONTROLLER_MANAGER_PORT" --leader-elect=false \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --horizontal-pod-autoscaler-sync-period=5s --horizontal-pod-autoscaler-downscale-stabilization=30s

start kube-scheduler "${bin_dir[kubernetes]}/kube-scheduler" \
  --kubeconfig="$K8S_DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig="$K8S_DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig="$K8S_DIR/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" --leader-elect=false

# kwok answers for every node: it renews their leases as kubelets do (without that the node lifecycle
# controller marks them NotReady after 50 s and evicts their pods), and their kubelet endpoint is kwok's server, which serves each node's
# /metrics/resource from the pods' simulated usage and the containers' logs (manifests/kwok.yaml).
# The API server reaches it for pods/log as it reaches a kubelet, and verifies its serving certificate
# against the cluster CA (--kubelet-certificate-authority above; without it, it would not verify); kwok
# asks for no client certificate, the real node's kubelet does (--kubelet-client-* above).
# Every container's log is the file written here, in the CRI format (timestamp, stream, tag, line),
# dated now so that --since finds it. kwok's Logs objects give single pods their own log: their CRD is
# the one kwok's module publishes, applied before kwok starts watching them.
model_server_log="$K8S_DIR/pod-logs/model-server.log"
mkdir -p "$(dirname "$model_server_log")"
now="$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)"
for line in \
  "[kwok] simulated container: no process runs here; this log is the local cluster's (scripts/k8s/up.sh)" \
  "[kwok] model server starting (simulated)" \
  "[kwok] model server listening (simulated)"; do
  echo "$now stdout F $line"
done >"$model_server_log"
sed "s|MODEL_SERVER_LOG|$model_server_log|" "$here/manifests/kwok.yaml" >"$K8S_DIR/kwok.yaml"
kwok_module="$(cd "$here/build/kwok" && go mod download -json sigs.k8s.io/kwok | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
kubectl apply --server-side -f "$kwok_module/kustomize/crd/bases/kwok.x-k8s.io_logs.yaml" >/dev/null
kubectl wait --for=condition=Established crd/logs.kwok.x-k8s.io --timeout=60s >/dev/null
start kwok "${bin_dir[kwok]}/kwok" \
  --kubeconfig="$K8S_KUBECONFIG" --config="$K8S_DIR/kwok.yaml" --enable-crds=Logs \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-ip=127.0.0.1 --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
  --tls-cert-file="$pki/kwok.crt" --tls-private-key-file="$pki/kwok.key" --cidr=10.244.0.1/16 \
  --node-lease-duration-seconds=40

start metrics-server "${bin_dir[metrics-server]}/metrics-server" \
  --kubeconfig="$K8S_KUBECONFIG" \
  --authentication-kubeconfig="$K8S_KUBECONFIG" --authorization-kubeconfig="$K8S_KUBECONFIG" \
  --bind-address=127.0.0.1 --secure-port="$METRICS_SERVER_PORT" \
  --tls-cert-file="$pki/metrics-server.crt" --tls-private-key-file="$pki/metrics-server.key" \
  --kubelet-preferred-address-types=InternalIP --kubelet-use-node-status-port --kubelet-insecure-tls \
  --metric-resolution=10s --kubelet-request-timeout=5s

# metrics-server runs beside the API server, not in a pod: its Service is an ExternalName for loopback,
# which the aggregation layer resolves and verifies against the cluster CA.
sed -e "s/METRICS_SERVER_PORT/$METRICS_SERVER_PORT/" -e "s/CA_BUNDLE/$(base64 -w0 "$pki/ca.crt")/" \
  "$here/manifests/metrics-server.yaml" | kubectl apply -f - >/dev/null
sed "s/KWOK_PORT/$KWOK_PORT/" "$here/manifests/nodes.yaml" | kubectl apply -f - >/dev/null
kubectl apply --server-side -f "${bin_dir[crds]}" >/dev/null

kubectl wait --for=condition=Ready node --all --timeout=60s >/dev/null
kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
kubectl wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=60s >/dev/null
wait_for "the default service account" 60 kubectl get serviceaccount default

# A node that runs real containers beside the simulated ones (scripts/k8s/real-node.sh), when asked for.
if [ "${MODELOPS_K8S_REAL_NODE:-0}" = 1 ]; then
  real_node_up
fi

# Backstage's view of this cluster: the demo app loads this file beside app-config.yaml (start.sh).
kubectl apply -f "$here/manifests/backstage.yaml" >/dev/null
wait_for "the backstage service account's token" 30 \
  sh -c 'test -n "$(kubectl -n kube-system get secret backstage-token -o jsonpath="{.data.token}")"'
cat >"$K8S_DIR/app-config.yaml" <<CONFIG
# Written by scripts/k8s/up.sh for this cluster; load it after app-config.yaml.
kubernetes:
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: local
          url: $server
          authProvider: serviceAccount
          serviceAccountToken: $(kubectl -n kube-system get secret backstage-token -o jsonpath='{.data.token}' | base64 -d)
          caData: $(base64 -w0 "$pki/ca.crt")
CONFIG

trap - ERR
echo "k8s/up: cluster ready in $((SECONDS - started)) s: API server $server, state in $K8S_DIR" >&2
echo "export KUBECONFIG=$K8S_KUBECONFIG"

# Sourced by the cluster scripts: where a local cluster keeps its state and which loopback ports it uses.
#   MODELOPS_K8S_DIR        state, logs, certificates and kubeconfig (default .data/k8s in the clone)
#   MODELOPS_K8S_PORT_BASE  first of twelve consecutive ports (default 16440: API server on 16443; the
#                           last four are the real node's, when MODELOPS_K8S_REAL_NODE=1)
# Two clusters with different values run side by side (the tests use their own, beside the demo's).
K8S_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
K8S_DIR="${MODELOPS_K8S_DIR:-$K8S_REPO_ROOT/.data/k8s}"
K8S_PORT_BASE="${MODELOPS_K8S_PORT_BASE:-16440}"
ETCD_PORT=$K8S_PORT_BASE
ETCD_PEER_PORT=$((K8S_PORT_BASE + 1))
APISERVER_PORT=$((K8S_PORT_BASE + 3))
METRICS_SERVER_PORT=$((K8S_PORT_BASE + 4))
KWOK_PORT=$((K8S_PORT_BASE + 5))
CONTROLLER_MANAGER_PORT=$((K8S_PORT_BASE + 6))
SCHEDULER_PORT=$((K8S_PORT_BASE + 7))
REAL_NODE_KUBELET_PORT=$((K8S_PORT_BASE + 8))
REAL_NODE_KUBELET_HEALTHZ_PORT=$((K8S_PORT_BASE + 9))
REAL_NODE_PROXY_METRICS_PORT=$((K8S_PORT_BASE + 10))
REAL_NODE_PROXY_HEALTHZ_PORT=$((K8S_PORT_BASE + 11))
K8S_KUBECONFIG="$K8S_DIR/kubeconfig"
K8S_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok metrics-server containerd kubelet kube-proxy)

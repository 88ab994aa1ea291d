# The real node of a local cluster: a kubelet and kube-proxy built from the control plane's own module
# (build.sh), Debian's containerd (CRI plugin) and runc, and the CNI bridge, host-local, portmap and
# loopback plugins of Debian's containernetworking-plugins. Sourced by up.sh (real_node_up, after the
# control plane is up; it uses up.sh's start, wait_for and kubeconfig) and by down.sh (real_node_down,
# before the control plane stops, so that the kubelet tears its pods' networks down).
#
# Everything lives in $K8S_DIR/node: containerd's root, state and socket, the kubelet's root, the CNI
# configuration, address leases, network namespaces and pod logs. Pods get addresses on a bridge of their
# own (mo<port base>, 10.213.<n>.0/24); a chain of ours in FORWARD keeps their traffic on the bridge, and
# the Service and simulated pod ranges are unreachable routes while the node runs, so no pod or Service
# address is ever routed off the machine. Services go through kube-proxy in iptables mode, with NodePorts on
# 127.0.0.1 only: tests and load generators send their requests there. kube-proxy's and the kubelet's
# iptables chains and the sysctls they set are machine-wide, so one cluster at a time has a real node (a
# lock in /run says which), and down restores the sysctls as they were.
#
# The node is tainted modelops.io/real-node=true:NoSchedule and labelled modelops.io/node=real: only pods
# that ask for it run there, so the simulated nodes keep every other test's pods.

REAL_NODE_NAME=modelops-real
REAL_NODE_DIR="$K8S_DIR/node"
REAL_NODE_LOCK=/run/modelops-real-node.lock
# A subnet per cluster, from its port base (bases are at least twelve ports apart), so that two clusters'
# leases never meet; 10.213/16 is nobody's default (podman's and containerd's examples use 10.88/16).
REAL_NODE_INDEX=$(((K8S_PORT_BASE / 12) % 256))
REAL_NODE_BRIDGE="mo$K8S_PORT_BASE"
REAL_NODE_CIDR="10.213.$REAL_NODE_INDEX.0/24"
REAL_NODE_IP="10.213.$REAL_NODE_INDEX.1"
REAL_NODE_CHAIN="MODELOPS-$K8S_PORT_BASE"
# The Service range (up.sh) and kwok's simulated pod addresses: nothing answers them off the machine.
REAL_NODE_UNROUTED=(10.96.0.0/16 10.244.0.0/16)
# What the node, the kubelet and kube-proxy set machine-wide; down puts back what was there.
REAL_NODE_SYSCTLS=(
  net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.route_localnet
  vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
  kernel.keys.root_maxbytes net.netfilter.nf_conntrack_tcp_timeout_established
  net.netfilter.nf_conntrack_tcp_timeout_close_wait
)
REAL_NODE_SANDBOX_IMAGE=modelops.local/pause:1
# What the real node's own tests run (build/test-server): it answers with its pod's name.
REAL_NODE_TEST_IMAGE=modelops.local/test-server:1
REAL_NODE_PACKAGES=(containerd runc containernetworking-plugins iptables conntrack)

real_node_install() {
  local missing=()
  for package in "${REAL_NODE_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "k8s/real-node: installing ${missing[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Takes the machine's real-node lock, atomically (noclobber); one whose cluster's API server is gone is
# stale and taken over.
real_node_lock() {
  local holder
  for _ in 1 2; do
    (set -C && echo "$K8S_DIR" >"$REAL_NODE_LOCK") 2>/dev/null && return 0
    holder="$(cat "$REAL_NODE_LOCK" 2>/dev/null || true)"
    if [ -n "$holder" ] && [ -f "$holder/pids/kube-apiserver.pid" ] &&
      kill -0 "$(cat "$holder/pids/kube-apiserver.pid")" 2>/dev/null; then
      echo "k8s/real-node: the cluster in $holder has the real node; stop it first (its iptables chains and sysctls are machine-wide)" >&2
      return 1
    fi
    rm -f "$REAL_NODE_LOCK"
  done
  echo "k8s/real-node: could not take $REAL_NODE_LOCK" >&2
  return 1
}

# Imports an image whose whole filesystem is one static binary of build.sh, run as its entrypoint.
real_node_import_binary() { # component, image reference
  local root="$REAL_NODE_DIR/images/$1"
  mkdir -p "$root"
  cp "${bin_dir[$1]}/$1" "$root/$1"
  "$here/image.py" "$root" "$2" "$root.tar" "[\"/$1\"]"
  ctr --address "$REAL_NODE_DIR/containerd.sock" -n k8s.io images import "$root.tar" >/dev/null
}

real_node_up() {
  [ "$(id -u)" = 0 ] || { echo "k8s/real-node: the real node needs root (containerd, mounts, iptables)" >&2; return 1; }
  real_node_install
  real_node_lock
  local dir="$REAL_NODE_DIR"
  mkdir -p "$dir/cni/net.d" "$dir/cni/leases" "$dir/kubelet"
  "$here/pki.sh" "$pki" --node "$REAL_NODE_NAME" "$REAL_NODE_IP"

  # Pods reach each other and the node through the bridge; the kernel hands bridged traffic to iptables,
  # which kube-proxy programs; a NodePort on 127.0.0.1 needs route_localnet.
  modprobe br_netfilter 2>/dev/null || true
  local name
  for name in "${REAL_NODE_SYSCTLS[@]}"; do
    sysctl -n "$name" 2>/dev/null | sed "s|^|$name=|"
  done >"$dir/sysctl.saved"
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.ipv4.conf.all.route_localnet=1
  ip link add "$REAL_NODE_BRIDGE" type bridge
  ip addr add "$REAL_NODE_IP/24" dev "$REAL_NODE_BRIDGE"
  ip link set "$REAL_NODE_BRIDGE" up
  # Forwarding is on for the bridge's sake only: what a pod sends stays on the bridge, and nothing from
  # elsewhere is forwarded to a pod (requests from this machine are not forwarded, they are local).
  iptables -N "$REAL_NODE_CHAIN"
  iptables -A "$REAL_NODE_CHAIN" -i "$REAL_NODE_BRIDGE" -o "$REAL_NODE_BRIDGE" -j ACCEPT
  iptables -A "$REAL_NODE_CHAIN" -i "$REAL_NODE_BRIDGE" -j DROP
  iptables -A "$REAL_NODE_CHAIN" -o "$REAL_NODE_BRIDGE" -j DROP
  iptables -I FORWARD 1 -j "$REAL_NODE_CHAIN"
  local range
  for range in "${REAL_NODE_UNROUTED[@]}"; do
    ip route add unreachable "$range"
  done
  cat >"$dir/cni/net.d/10-modelops.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "modelops-$K8S_PORT_BASE",
  "plugins": [
    {
      "type": "bridge", "bridge": "$REAL_NODE_BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$dir/cni/leases",
        "ranges": [[{"subnet": "$REAL_NODE_CIDR", "gateway": "$REAL_NODE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "loopback"}
  ]
}
CNI

  # containerd's defaults, with what this machine needs: cgroupfs (PID 1 is not systemd), an
  # oom_score_adj the sandbox may not lower (no CAP_SYS_RESOURCE here: without it every sandbox fails
  # with "can't get final child's PID from pipe"), a local sandbox image, Debian's CNI plugins.
  containerd config default | sed \
    -e "s|^root = .*|root = \"$dir/containerd\"|" \
    -e "s|^state = .*|state = \"$dir/containerd-state\"|" \
    -e "/^\[grpc\]/,/^\[/ s|^  address = .*|  address = \"$dir/containerd.sock\"|" \
    -e "s|SystemdCgroup = true|SystemdCgroup = false|" \
    -e "s|restrict_oom_score_adj = false|restrict_oom_score_adj = true|" \
    -e "s|netns_mounts_under_state_dir = false|netns_mounts_under_state_dir = true|" \
    -e "s|sandbox_image = .*|sandbox_image = \"$REAL_NODE_SANDBOX_IMAGE\"|" \
    -e "s|bin_dir = \"/opt/cni/bin\"|bin_dir = \"/usr/lib/cni\"|" \
    -e "s|conf_dir = \"/etc/cni/net.d\"|conf_dir = \"$dir/cni/net.d\"|" \
    >"$dir/containerd.toml"
  start containerd containerd --config "$dir/containerd.toml"
  wait_for "containerd" 30 ctr --address "$dir/containerd.sock" version
  real_node_import_binary pause "$REAL_NODE_SANDBOX_IMAGE"
  real_node_import_binary test-server "$REAL_NODE_TEST_IMAGE"

  kubeconfig "$dir/kubelet.kubeconfig" "system:node:$REAL_NODE_NAME" kubelet-client
  kubeconfig "$dir/kube-proxy.kubeconfig" system:kube-proxy kube-proxy
  # The machine mounts cgroup v1 hierarchies: the kubelet refuses them since 1.35 unless told. It checks
  # a client's certificate against the cluster CA, then asks the API server what the client may do.
  # Eviction thresholds are low: the node shares a disk that a developer's machine fills up.
  cat >"$dir/kubelet.yaml" <<KUBELET
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$dir/containerd.sock
address: $REAL_NODE_IP
port: $REAL_NODE_KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $REAL_NODE_KUBELET_HEALTHZ_PORT
tlsCertFile: $pki/kubelet.crt
tlsPrivateKeyFile: $pki/kubelet.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
podLogsDir: $dir/pod-logs
failSwapOn: false
podCIDR: $REAL_NODE_CIDR
resolvConf: ""
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
registerWithTaints:
  - {key: modelops.io/real-node, value: "true", effect: NoSchedule}
KUBELET
  start kubelet "${bin_dir[kubernetes]}/kubelet" \
    --config="$dir/kubelet.yaml" --kubeconfig="$dir/kubelet.kubeconfig" \
    --hostname-override="$REAL_NODE_NAME" --node-ip="$REAL_NODE_IP" --root-dir="$dir/kubelet" \
    --node-labels=modelops.io/node=real
  wait_for "the real node to register" 60 kubectl get node "$REAL_NODE_NAME"
  kubectl wait --for=condition=Ready "node/$REAL_NODE_NAME" --timeout=60s >/dev/null

  cat >"$dir/kube-proxy.yaml" <<PROXY
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: $dir/kube-proxy.kubeconfig}
hostnameOverride: $REAL_NODE_NAME
clusterCIDR: $REAL_NODE_CIDR
nodePortAddresses: [127.0.0.1/32]
metricsBindAddress: 127.0.0.1:$REAL_NODE_PROXY_METRICS_PORT
healthzBindAddress: 127.0.0.1:$REAL_NODE_PROXY_HEALTHZ_PORT
conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
PROXY
  start kube-proxy "${bin_dir[kubernetes]}/kube-proxy" --config="$dir/kube-proxy.yaml"
  wait_for "kube-proxy" 30 curl -sf "http://127.0.0.1:$REAL_NODE_PROXY_HEALTHZ_PORT/healthz"
}

# Removes the chains of the node (KUBE-* of the kubelet and kube-proxy, and ours), and the jumps to them.
# The KUBE-* ones are machine-wide: one Kubernetes node at a time runs here (the lock).
real_node_remove_chains() {
  local ipt table rule chain pattern="KUBE-[^ ]*|$REAL_NODE_CHAIN"
  for ipt in iptables ip6tables; do
    for table in nat filter mangle; do
      { "$ipt" -t "$table" -S 2>/dev/null || true; } | { grep -E "^-A [A-Z]+ .*-j ($pattern)( |\$)" || true; } |
        sed 's/^-A /-D /' | while read -r rule; do eval "$ipt -t $table $rule" || true; done
      for chain in $({ "$ipt" -t "$table" -S 2>/dev/null || true; } | sed -En "s/^-N ($pattern)\$/\1/p"); do
        "$ipt" -t "$table" -F "$chain" || true
      done
      for chain in $({ "$ipt" -t "$table" -S 2>/dev/null || true; } | sed -En "s/^-N ($pattern)\$/\1/p"); do
        "$ipt" -t "$table" -X "$chain" || true
      done
    done
  done
}

real_node_down() {
  local dir="$REAL_NODE_DIR"
  [ -d "$dir" ] || return 0
  # The kubelet stops each pod's sandbox, which releases its address and removes its network namespace;
  # cordoned first, so that no replacement starts meanwhile.
  if [ -f "$K8S_DIR/pids/kubelet.pid" ] && kill -0 "$(cat "$K8S_DIR/pids/kubelet.pid")" 2>/dev/null; then
    local node_kubectl=(kubectl --kubeconfig="$K8S_KUBECONFIG")
    "${node_kubectl[@]}" cordon "$REAL_NODE_NAME" >/dev/null 2>&1 || true
    "${node_kubectl[@]}" delete pods --all-namespaces --field-selector "spec.nodeName=$REAL_NODE_NAME" \
      --grace-period=1 --wait=true --timeout=60s >/dev/null 2>&1 || true
    "${node_kubectl[@]}" delete node "$REAL_NODE_NAME" --wait=false >/dev/null 2>&1 || true
  fi
  stop kube-proxy kubelet
  # What the kubelet did not get to: each container's shim runs in a session of its own.
  local containers=()
  if [ -S "$dir/containerd.sock" ]; then
    mapfile -t containers < <(ctr --address "$dir/containerd.sock" -n k8s.io containers ls -q 2>/dev/null || true)
    local task
    for task in $(ctr --address "$dir/containerd.sock" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$dir/containerd.sock" -n k8s.io tasks kill -s KILL "$task" >/dev/null 2>&1 || true
    done
  fi
  stop containerd
  pkill -KILL -f "containerd-shim.*-address $dir/containerd.sock" 2>/dev/null || true
  # A sandbox nobody stopped keeps its network namespace (and its end of the bridge): ours are the ones
  # with an address of this node's subnet.
  local netns
  for netns in $(ip netns list 2>/dev/null | sed -n 's/^\(cni-[^ ]*\).*/\1/p'); do
    if ip -n "$netns" -4 -o addr show 2>/dev/null | grep -q " ${REAL_NODE_CIDR%.0/24}\."; then
      ip netns del "$netns" 2>/dev/null || true
    fi
  done
  { grep -o " $dir[^ ]*" /proc/mounts || true; } | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  # The pods' cgroups, which the kubelet made and leaves, deepest first.
  find /sys/fs/cgroup/*/kubepods -depth -type d -exec rmdir {} + 2>/dev/null || true
  # libcni's cache of the networks of sandboxes nobody stopped (it is machine-wide): by container id.
  local container
  for container in "${containers[@]}"; do
    rm -f /var/lib/cni/results/*-"$container"-* 2>/dev/null || true
  done
  ip link del "$REAL_NODE_BRIDGE" 2>/dev/null || true
  local range
  for range in "${REAL_NODE_UNROUTED[@]}"; do
    ip route del unreachable "$range" 2>/dev/null || true
  done
  real_node_remove_chains
  # The sysctls as they were before the node: route_localnet left on without the kubelet's firewall rule
  # would expose this machine's loopback services to its network.
  if [ -f "$dir/sysctl.saved" ]; then
    # shellcheck disable=SC2046 # one argument per saved line
    sysctl -qw $(cat "$dir/sysctl.saved") >/dev/null 2>&1 || true
  fi
  [ "$(cat "$REAL_NODE_LOCK" 2>/dev/null)" = "$K8S_DIR" ] && rm -f "$REAL_NODE_LOCK"
  return 0
}

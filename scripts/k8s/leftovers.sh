#!/usr/bin/env bash
# Fails, naming each, when a stopped cluster (down.sh) left anything on the machine: a process of it or of
# a pod, a mount under its state folder, its real node's bridge or a pod network namespace on it, a
# Kubernetes iptables chain or its own, an unreachable route of it, or the real node's lock. The test
# command runs it after the tests' cluster stopped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
source "$here/real-node.sh"

found=()
while read -r pid; do
  [ -n "$pid" ] && found+=("process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)")
done < <(pgrep -f -- "$K8S_DIR/" || true)
for cgroup in /proc/[0-9]*/cgroup; do
  if grep -q kubepods "$cgroup" 2>/dev/null; then
    pid="${cgroup#/proc/}"
    pid="${pid%/cgroup}"
    found+=("pod process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)")
  fi
done
while read -r mount; do
  [ -n "$mount" ] && found+=("mount $mount")
done < <(awk -v dir="$K8S_DIR/" 'index($2, dir) == 1 { print $2 }' /proc/mounts)
ip link show "$REAL_NODE_BRIDGE" >/dev/null 2>&1 && found+=("bridge $REAL_NODE_BRIDGE")
for netns in $(ip netns list 2>/dev/null | sed -n 's/^\(cni-[^ ]*\).*/\1/p'); do
  ip -n "$netns" -4 -o addr show 2>/dev/null | grep -q " ${REAL_NODE_CIDR%.0/24}\." &&
    found+=("network namespace $netns on $REAL_NODE_CIDR")
done
for ipt in iptables ip6tables; do
  for table in nat filter mangle; do
    for chain in $({ "$ipt" -t "$table" -S 2>/dev/null || true; } | sed -En "s/^-N (KUBE-[^ ]*|$REAL_NODE_CHAIN)\$/\1/p"); do
      found+=("$ipt chain $chain in $table")
    done
  done
done
for range in "${REAL_NODE_UNROUTED[@]}"; do
  ip route show type unreachable | grep -q "^unreachable $range" && found+=("unreachable route $range")
done
[ "$(cat "$REAL_NODE_LOCK" 2>/dev/null)" = "$K8S_DIR" ] && found+=("the real node's lock $REAL_NODE_LOCK")

if [ ${#found[@]} -gt 0 ]; then
  echo "k8s/leftovers: the cluster of $K8S_DIR left these behind:" >&2
  printf '  %s\n' "${found[@]}" >&2
  exit 1
fi
echo "k8s/leftovers: nothing of the cluster of $K8S_DIR is left" >&2

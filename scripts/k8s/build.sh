#!/usr/bin/env bash
# Builds the local control plane's binaries from the Go module proxy, each component from its own module
# under scripts/k8s/build/<component> (go.mod and go.sum pin every version). Binaries are cached outside
# the clone in $MODELOPS_K8S_CACHE (default ~/.cache/modelops-k8s), in a folder per component keyed by
# the hash of its go.mod, go.sum and this script, so a change rebuilds and an unchanged one is reused.
# The CRDs of the traffic managers come from the modules that publish them, copied into the cache too.
# Prints the folder of each component as `<component>=<dir>`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${MODELOPS_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelops-k8s}"

command -v go >/dev/null || { echo "k8s/build: Go is needed (https://go.dev/dl or the distribution's golang package)" >&2; exit 1; }

# The version that `kubectl version` and clients see; without it the API server reports v0.0.0.
kubernetes_version="$(cd "$here/build/kubernetes" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
IFS=. read -r k8s_major k8s_minor _ <<<"${kubernetes_version#v}"
version_ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_ldflags+=" -X $pkg.gitVersion=$kubernetes_version -X $pkg.gitMajor=$k8s_major -X $pkg.gitMinor=$k8s_minor"
  version_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

# component: the packages to build, each as <binary name>=<package>
declare -A packages=(
  [etcd]="etcd=go.etcd.io/etcd/server/v3"
  [kubernetes]="kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager kube-scheduler=k8s.io/kubernetes/cmd/kube-scheduler kubelet=k8s.io/kubernetes/cmd/kubelet kube-proxy=k8s.io/kubernetes/cmd/kube-proxy"
  [kwok]="kwok=sigs.k8s.io/kwok/cmd/kwok"
  [metrics-server]="metrics-server=sigs.k8s.io/metrics-server/cmd/metrics-server"
  [pause]="pause=modelops.local/k8s/pause"
  [test-server]="test-server=modelops.local/k8s/test-server"
)

for component in etcd kubernetes kwok metrics-server pause test-server; do
  module="$here/build/$component"
  # Keyed by the versions and by this script (its build flags), so either change rebuilds.
  key="$(cat "$module/go.mod" "$module/go.sum" "$here/build.sh" | sha256sum | cut -c1-12)"
  out="$cache/$component-$key"
  if [ ! -f "$out/.complete" ]; then
    echo "k8s/build: building $component into $out (first time only; see the README for how long)" >&2
    started=$SECONDS
    rm -rf "$out"
    mkdir -p "$out"
    for entry in ${packages[$component]}; do
      ldflags="-s -w"
      [ "$component" = kubernetes ] && ldflags+="$version_ldflags"
      (cd "$module" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out/${entry%%=*}" "${entry#*=}")
    done
    touch "$out/.complete"
    echo "k8s/build: $component built in $((SECONDS - started)) s, $(du -sh "$out" | cut -f1)" >&2
  fi
  echo "$component=$out"
done

# Traffic-manager CRDs, as published in the modules of these releases.
istio_api_version=v1.32.0
gateway_api_version=v1.6.3
out="$cache/crds-istio-$istio_api_version-gateway-api-$gateway_api_version"
if [ ! -f "$out/.complete" ]; then
  rm -rf "$out"
  mkdir -p "$out"
  module_dir() { (cd "$out" && go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'); }
  istio="$(module_dir "istio.io/api@$istio_api_version")"
  gateway="$(module_dir "sigs.k8s.io/gateway-api@$gateway_api_version")"
  cp "$istio/kubernetes/customresourcedefinitions.gen.yaml" "$out/istio.yaml"
  for kind in gatewayclasses gateways httproutes grpcroutes referencegrants; do
    cp "$gateway/config/crd/standard/gateway.networking.k8s.io_$kind.yaml" "$out/gateway-api-$kind.yaml"
  done
  touch "$out/.complete"
fi
echo "crds=$out"

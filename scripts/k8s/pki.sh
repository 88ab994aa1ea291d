#!/usr/bin/env bash
# Creates the local cluster's certificates and keys in $1 (a fresh folder per cluster), with openssl:
# a cluster CA; serving certificates for the API server, metrics-server and kwok; client certificates
# for the admin, the controller manager, the scheduler and the API server's calls to kubelets (each with
# its own identity, so RBAC applies as on a real cluster); the front-proxy CA and client the aggregation
# layer needs; the service-account signing key.
# `pki.sh DIR --node NAME IP` adds the real node's: the kubelet's serving certificate for IP, and the
# client certificates of its kubelet (system:node:NAME, for the Node authorizer) and of kube-proxy.
set -euo pipefail
pki="$1"
mkdir -p "$pki"
cd "$pki"

quiet() { "$@" 2>/dev/null; }

ca() { # name, common name
  quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.crt" -days 3650 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

cert() { # name, CA, subject, extended key usage, [subjectAltName]
  local ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=$4"
  [ -n "${5:-}" ] && ext+="
subjectAltName=$5"
  quiet openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$3"
  quiet openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -out "$1.crt" -days 3650 \
    -extfile <(printf '%s\n' "$ext")
  rm "$1.csr"
}

if [ "${2:-}" = --node ]; then
  cert kubelet ca "/CN=$3" serverAuth "IP:$4,DNS:$3"
  cert kubelet-client ca "/O=system:nodes/CN=system:node:$3" clientAuth
  cert kube-proxy ca "/CN=system:kube-proxy" clientAuth
  rm -f ./*.srl
  exit 0
fi

ca ca "modelops-local-ca"
ca front-proxy-ca "modelops-local-front-proxy-ca"

cert apiserver ca "/CN=kube-apiserver" serverAuth \
  "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
cert metrics-server ca "/CN=metrics-server" serverAuth \
  "IP:127.0.0.1,DNS:localhost,DNS:metrics-server.kube-system.svc"
cert kwok ca "/CN=kwok" serverAuth "IP:127.0.0.1,DNS:localhost"

cert admin ca "/O=system:masters/CN=kubernetes-admin" clientAuth
cert controller-manager ca "/CN=system:kube-controller-manager" clientAuth
cert scheduler ca "/CN=system:kube-scheduler" clientAuth
cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" clientAuth

quiet openssl genrsa -out sa.key 2048
quiet openssl rsa -in sa.key -pubout -out sa.pub
rm -f ./*.srl

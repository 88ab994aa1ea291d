#!/usr/bin/env bash
# The Prometheus server that the metrics tests start, each with a config of its own.
#   scripts/prometheus.sh install   install Debian's prometheus when it is missing (as root)
#   scripts/prometheus.sh path      print the server's binary; fails when it is not installed
# Debian's package also enables a system service on 9090; the tests run their own servers beside it.
set -euo pipefail

PROMETHEUS_BIN="${MODELOPS_PROMETHEUS_BIN:-/usr/bin/prometheus}"

case "${1:-}" in
  install)
    if [ -x "$PROMETHEUS_BIN" ]; then exit 0; fi
    if [ "$(id -u)" != 0 ]; then
      echo "prometheus.sh: $PROMETHEUS_BIN is missing; install Debian's prometheus package as root (apt-get install prometheus)" >&2
      exit 1
    fi
    echo "prometheus.sh: installing prometheus" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >&2
    ;;
  path)
    if [ ! -x "$PROMETHEUS_BIN" ]; then
      echo "prometheus.sh: $PROMETHEUS_BIN is missing; run scripts/prometheus.sh install" >&2
      exit 1
    fi
    echo "$PROMETHEUS_BIN"
    ;;
  *)
    echo "usage: $0 install|path" >&2
    exit 2
    ;;
esac

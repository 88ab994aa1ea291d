#!/usr/bin/env bash
# The whole test suite: ./scripts/test.sh
# On a fresh machine it first installs what is missing (Node 22, the dependencies, PostgreSQL 15,
# Prometheus, and for the real node Debian's containerd, runc, CNI plugins, iptables and conntrack) and builds the local Kubernetes control plane (Go, about 18 minutes once; cached in
# ~/.cache/modelops-k8s);
# then type checks, lints, and runs every package's tests: the store and API tests on SQLite and on a
# real PostgreSQL server that it starts and stops, and the Kubernetes tests on a local cluster (with a node
# that runs real containers) that the jest global setup of packages/local-cluster starts and stops, and
# checks that it left nothing on the machine; then the system tests, two backend
# processes on one PostgreSQL database killed and paused (scripts/system-tests.sh); then the end-to-end
# tests in Chromium against the demo app (scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

step() { printf '\n==> %s\n' "$*" >&2; }

step "PostgreSQL 15 for the store and API tests"
scripts/postgres.sh start
trap 'scripts/postgres.sh stop' EXIT
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(scripts/postgres.sh url)"

step "Prometheus for the metrics tests (Debian's prometheus, installed once)"
scripts/prometheus.sh install

step "Kubernetes control plane binaries (built once, then cached)"
scripts/k8s/build.sh >/dev/null

step "Type check"
yarn tsc

step "Lint and formatting"
yarn lint:all
yarn prettier:check

step "Links of the README, docs/ and the packages' READMEs (scripts/check-links.mjs)"
node scripts/check-links.mjs --self-test
node scripts/check-links.mjs

step "Unit, store and API tests"
# The tests' cluster (with its real node) is started and stopped by the jest run, unless it was running.
test_cluster=(env MODELOPS_K8S_DIR="$PWD/.data/k8s-test" MODELOPS_K8S_PORT_BASE="${MODELOPS_K8S_TEST_PORT_BASE:-17440}")
test_cluster_was_running=false
[ -f .data/k8s-test/pids/kube-apiserver.pid ] && kill -0 "$(cat .data/k8s-test/pids/kube-apiserver.pid)" 2>/dev/null &&
  test_cluster_was_running=true
CI=true yarn backstage-cli repo test

step "What the tests' cluster left on the machine (scripts/k8s/leftovers.sh)"
if $test_cluster_was_running; then
  echo "not checked: the tests' cluster was running before the tests, and is left running" >&2
else
  "${test_cluster[@]}" scripts/k8s/leftovers.sh
fi

step "System tests: two backend replicas on PostgreSQL, killed and paused (scripts/system-tests.sh)"
scripts/system-tests.sh

step "End-to-end tests in Chromium against the demo app"
scripts/e2e.sh

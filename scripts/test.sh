#!/usr/bin/env bash
# The whole test suite: ./scripts/test.sh
# On a fresh machine it first installs what is missing (Node 22, the dependencies, PostgreSQL 15,
# Prometheus) and builds the local Kubernetes control plane (Go, about 18 minutes once; cached in
# ~/.cache/modelops-k8s);
# then type checks, lints, and runs every package's tests: the store and API tests on SQLite and on a
# real PostgreSQL server that it starts and stops, and the Kubernetes tests on a local cluster that the
# jest global setup of packages/local-cluster starts and stops; then the system tests, two backend
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
CI=true yarn backstage-cli repo test

step "System tests: two backend replicas on PostgreSQL, killed and paused (scripts/system-tests.sh)"
scripts/system-tests.sh

step "End-to-end tests in Chromium against the demo app"
scripts/e2e.sh

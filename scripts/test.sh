#!/usr/bin/env bash
# The whole test suite: ./scripts/test.sh
# On a fresh machine it first installs what is missing (Node 22, the dependencies, PostgreSQL 15);
# then type checks, lints, and runs every package's tests, with
# the store and API tests on SQLite and on a real PostgreSQL server that it starts and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

step() { printf '\n==> %s\n' "$*" >&2; }

step "PostgreSQL 15 for the store and API tests"
scripts/postgres.sh start
trap 'scripts/postgres.sh stop' EXIT
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(scripts/postgres.sh url)"

step "Type check"
yarn tsc

step "Lint"
yarn lint:all

step "Unit, store and API tests"
CI=true yarn backstage-cli repo test

#!/usr/bin/env bash
# Benchmarks, kept apart from the tests; each prints its figures and its targets.
#   ./scripts/bench.sh api    the API load benchmark (bench/api-load.ts)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

case "${1:-api}" in
  api) exec node bench/api-load.ts ;;
  *) echo "usage: $0 [api]" >&2; exit 2 ;;
esac

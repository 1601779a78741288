#!/usr/bin/env bash
# Boots target/hookflow.war on the embedded H2 default (the README run command, on a spare port), checks
# /health/ready, creates a subscription with a dev token, restarts, and checks the subscription is still there.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-18080}
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

start() {
  (cd "$work" && exec java -Xmx512m -jar "$OLDPWD/target/payara-micro.jar" --deploy "$OLDPWD/target/hookflow.war" \
     --contextroot / --port "$port" --nocluster >>"$work/server.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >"$work/ready.json" 2>/dev/null; then return; fi
    sleep 1
  done
  echo "server did not become ready; last log lines:" >&2
  tail -n 40 "$work/server.log" >&2
  exit 1
}

stop() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

start
grep -q '"H2"' "$work/ready.json" || { echo "ready, but not on H2: $(cat "$work/ready.json")" >&2; exit 1; }
echo "ready on the embedded database: $(cat "$work/ready.json")"

# the server made its own signing key in its data directory at first start; the dev minter signs with it
token=$(HOOKFLOW_DATA_DIR="$work/data" java server-config/dev/MintDevToken.java --sub smoke --groups admin)
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/workflows/v1/workflow-webhooks" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"smoke","url":"https://198.51.100.7/hook","actions":["workflow_created"]}'
stop

start
total=$(curl -fsS "http://127.0.0.1:$port/workflows/v1/workflow-webhooks?search=smoke" -H "Authorization: Bearer $token" \
  | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
[ "$total" = "1" ] || { echo "after a restart the subscription is gone (total=$total)" >&2; exit 1; }
echo "a restart kept the data ($work/data)"

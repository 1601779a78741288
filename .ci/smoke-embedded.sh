#!/usr/bin/env bash
# Boots the WAR on the embedded H2 default as the README runs it, on a spare port: Payara Micro with
# target/hookflow.war (default), or with the argument `wildfly` the provisioned target/server. Checks /health/ready,
# creates a subscription with a dev token, restarts, and checks the subscription is still there.
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:-payara}
port=${PORT:-18080}
health_port=$port
# WildFly moves every socket by one offset: HTTP 8080 lands on $port, health (management 9990) 1910 above it
if [ "$server" = wildfly ]; then health_port=$((port + 9990 - 8080)); fi
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

start() {
  if [ "$server" = wildfly ]; then
    # a copy of standalone/ keeps target/server as provisioned; LAUNCH_JBOSS_IN_BACKGROUND makes standalone.sh pass
    # SIGTERM on to WildFly and wait for it
    [ -d "$work/standalone" ] || cp -r target/server/standalone "$work/standalone"
    (cd "$work" && LAUNCH_JBOSS_IN_BACKGROUND=1 exec "$OLDPWD/target/server/bin/standalone.sh" \
       -Djboss.server.base.dir="$work/standalone" -Djboss.socket.binding.port-offset=$((port - 8080)) \
       >>"$work/server.log" 2>&1) &
  else
    (cd "$work" && exec java -Xmx512m -XX:SharedArchiveFile="$OLDPWD/target/hookflow.jsa" \
       -jar "$OLDPWD/target/payara-micro.jar" --deploy "$OLDPWD/target/hookflow.war" --contextroot / --port "$port" --nocluster \
       --systemproperties "$OLDPWD/server-config/payara/system.properties" --maxHttpThreads 16 >>"$work/server.log" 2>&1) &
  fi
  pid=$!
  for _ in $(seq 1 180); do
    # health answers even when the deployment failed: the API must answer too (401 without a token)
    if curl -fsS "http://127.0.0.1:$health_port/health/ready" >"$work/ready.json" 2>/dev/null \
       && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/workflows/v1/workflow-webhooks")" = 401 ]; then
      return
    fi
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
echo "$server ready on the embedded database: $(cat "$work/ready.json")"

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

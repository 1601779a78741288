#!/usr/bin/env bash
# Flows benchmark: three-step flow executions per second, end to end, on PostgreSQL with a loopback receiver.
#
#   bench/flows/run.sh [--executions N] [--clients C] [--flows F] [--warmup W] [--backlog B]
#
# Two figures: the engine alone (B executions inserted at once, drained), then through the API (N executions
# started by C concurrent clients, timed until the last one finished).
# Builds the WAR if needed, runs Hookflow on database $BENCH_DB (hookflow_bench_flows, dropped and created)
# at 127.0.0.1:5432 (user postgres) on port $BENCH_PORT (18090), and runs bench/flows/FlowsBench.java
# against it. Needs psql, curl, a JDK 17 and Maven. The server's log: target/bench-flows/server.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

DB=${BENCH_DB:-hookflow_bench_flows}
PORT=${BENCH_PORT:-18090}
COMPANY=00000000-0000-4000-8000-00000000f10e
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
WORK=target/bench-flows
mkdir -p "$WORK"

if [[ ! -f target/hookflow.war || ! -f target/payara-micro.jar ]]; then
  echo "==> building the WAR"
  mvn -B -q -DskipTests verify
fi
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

echo "==> starting Hookflow on port $PORT against $DB"
HOOKFLOW_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" HOOKFLOW_DB_USER="$PGUSER" \
  java -Xmx512m -XX:+UseSerialGC -Dhookflow.delivery.allow-private-targets=true \
  -jar target/payara-micro.jar --deploy target/hookflow.war --contextroot / --port "$PORT" --nocluster \
  --systemproperties server-config/payara/system.properties > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null 2>&1; do
  kill -0 "$SERVER" 2>/dev/null || { echo "the server stopped; see $WORK/server.log" >&2; exit 1; }
  sleep 1
done

TOKEN=$(java server-config/dev/MintDevToken.java --company-id "$COMPANY" --groups editor --sub bench)
java bench/flows/FlowsBench.java --base "http://127.0.0.1:$PORT" --token "$TOKEN" --db "$DB" "$@"

#!/usr/bin/env bash
# Benchmark of the event list: 1,000,000 event records of one team in PostgreSQL, the real server on top,
# p50/p95 of typical GET /workflows/v1/workflow-webhooks/events calls through HTTP.
#
#   bench/events-list/run.sh            # build if needed, load once (kept between runs), measure
#   bench/events-list/run.sh --reload   # drop the bench database and load it again
#
# Environment: BENCH_DB (hookflow_bench_events: its own name, other benches use hookflow_bench), BENCH_PORT (18080), BENCH_ROWS (1000000), BENCH_CALLS (200), BENCH_READY_SECONDS (600),
# PGHOST/PGPORT/PGUSER as for psql (127.0.0.1, 5432, postgres). Needs psql, a JDK 17 and Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."

DB=${BENCH_DB:-hookflow_bench_events}
PORT=${BENCH_PORT:-18080}
ROWS=${BENCH_ROWS:-1000000}
CALLS=${BENCH_CALLS:-200}
TEAM=65b0bec0bec0bec0bec0bec0
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
WORK=target/bench-events-list
mkdir -p "$WORK"

log() { printf '==> %s\n' "$*"; }

if [[ ! -f target/hookflow.war || ! -f target/payara-micro.jar ]]; then
  log "building the WAR"
  mvn -B -q -DskipTests verify
fi

if [[ "${1:-}" == "--reload" ]]; then
  log "dropping $DB"
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
fi
if ! psql -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -q -d postgres -c "CREATE DATABASE $DB"
fi

if curl -s -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then
  echo "port $PORT is already in use: stop that server or set BENCH_PORT" >&2
  exit 1
fi

log "starting the server on port $PORT against $DB (log: $WORK/server.log)"
HOOKFLOW_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" HOOKFLOW_DB_USER="$PGUSER" \
  java -Xmx512m -XX:+UseSerialGC -jar target/payara-micro.jar --deploy target/hookflow.war --contextroot / \
  --port "$PORT" --nocluster --systemproperties server-config/payara/system.properties > "$WORK/server.log" 2>&1 &
SERVER=$!
stop_server() {
  kill "$SERVER" 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 "$SERVER" 2>/dev/null || return 0; sleep 1; done
  kill -9 "$SERVER" 2>/dev/null || true
}
trap stop_server EXIT
for _ in $(seq 1 "${BENCH_READY_SECONDS:-600}"); do
  if curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null 2>&1; then break; fi
  kill -0 "$SERVER" 2>/dev/null || { echo "the server stopped; see $WORK/server.log" >&2; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null || { echo "the server did not get ready" >&2; exit 1; }

LOADED=$(psql -At -d "$DB" -c "SELECT count(*) FROM event_records WHERE team_id = '$TEAM'")
if [[ "$LOADED" -lt "$ROWS" ]]; then
  log "loading $ROWS event records (schema migrated by the server; takes a few minutes)"
  psql -q -d "$DB" -c "DELETE FROM event_records WHERE team_id = '$TEAM'" \
       -c "DELETE FROM subscriptions WHERE team_id = '$TEAM'"
  time psql -q -d "$DB" -v team="$TEAM" -v rows="$ROWS" -f bench/events-list/load.sql
fi
# Index-only counts (subscription + status, workflow + action) skip the heap only on pages the visibility map
# marks all-visible, and only VACUUM marks them. A VACUUM that runs while any older snapshot is open (the
# server's engine polls meanwhile) leaves the new pages unmarked, and with autovacuum off nothing marks them
# later: the same count then visits 50,000 heap pages instead of 1,600 index pages. So vacuum until it took.
for _ in 1 2 3; do
  psql -q -d "$DB" -c "VACUUM (ANALYZE) event_records"
  VISIBLE=$(psql -At -d "$DB" -c "SELECT (100 * relallvisible / greatest(relpages, 1)) FROM pg_class WHERE relname = 'event_records'")
  [[ "$VISIBLE" -ge 99 ]] && break
  sleep 5
done
psql -At -d "$DB" -c "SELECT 'event_records: ' || count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('event_records')) || ' with indexes, ' || (SELECT 100 * relallvisible / greatest(relpages, 1) FROM pg_class WHERE relname = 'event_records') || ' % of pages all-visible' FROM event_records"

TOKEN=$(java server-config/dev/MintDevToken.java --team-id "$TEAM" --groups viewer --sub bench)
log "measuring ($CALLS calls per query after warm-up, one client, $(nproc) cores)"
java bench/events-list/ListLatency.java "http://127.0.0.1:$PORT" "$TOKEN" "$CALLS"

#!/usr/bin/env bash
# Operator benchmark: a bulk replay of about 100,000 records and a retention sweep at 1,000,000 records.
# Loads 1,000,000 event records of one team (bench/events-list/load.sql) into its own database, points every
# subscription at a closed loopback port and disables it (nothing is sent anywhere), then:
#   1. POST /workflows/v1/workflow-webhooks/events/replay for the newest 3 days (about 100,000 records), timed;
#   2. waits for the retention sweep (period P20D: about a third of the records) and reads its time from the log.
# Environment: BENCH_DB (hookflow_bench_operator), BENCH_PORT (27090), PGHOST/PGPORT/PGUSER as for psql.
set -euo pipefail
cd "$(dirname "$0")/../.."

DB=${BENCH_DB:-hookflow_bench_operator}
PORT=${BENCH_PORT:-27090}
TEAM=65b0bec0bec0bec0bec0bec0
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
WORK=target/bench-operator
mkdir -p "$WORK"
log() { printf '==> %s (load average %s)\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

[[ -f target/hookflow.war && -f target/payara-micro.jar ]] || mvn -B -q -DskipTests verify
# a copy, so a build meanwhile does not change what is deployed
cp target/hookflow.war "$WORK/hookflow.war"
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

log "starting the server on port $PORT (retention P20D, sweep every 120 s; log: $WORK/server.log)"
HOOKFLOW_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" HOOKFLOW_DB_USER="$PGUSER" \
  java -Xmx512m -XX:+UseSerialGC -Dhookflow.delivery.allow-private-targets=true \
  -Dhookflow.retention.period=P20D -Dhookflow.retention.sweep-seconds=120 \
  -jar target/payara-micro.jar --deploy "$WORK/hookflow.war" --contextroot / --port "$PORT" --nocluster \
  --systemproperties server-config/payara/system.properties > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 900); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server stopped; see $WORK/server.log" >&2; exit 1; }
  sleep 1
done

log "loading 1,000,000 records"
# the load's subscriptions name an outside URL: point them at a closed loopback port and disable them first
sed -e "s#'https://receiver.example.org/hooks/' || s, true#'http://127.0.0.1:27999/closed/' || s, false#" \
    bench/events-list/load.sql > "$WORK/load.sql"
grep -q "127.0.0.1:27999" "$WORK/load.sql" || { echo "could not rewrite the subscription URLs" >&2; exit 1; }
time psql -q -d "$DB" -v team="$TEAM" -v rows=1000000 -f "$WORK/load.sql"
psql -q -d "$DB" -c "INSERT INTO subscription_delivery_state (subscription_id, consecutive_failures, rate_tokens)
                     SELECT id, 0, 0 FROM subscriptions ON CONFLICT DO NOTHING"

TOKEN=$(java server-config/dev/MintDevToken.java --team-id "$TEAM" --groups editor --sub bench)
START=$(date -u -d '3 days ago' +%Y-%m-%dT%H:%M:%SZ)
MATCHES=$(psql -At -d "$DB" -c "SELECT count(*) FROM event_records WHERE created_at >= '$START'")
log "replaying the $MATCHES records published since $START"
curl -s -o "$WORK/replay.json" -w 'replay: HTTP %{http_code} in %{time_total} s\n' -X POST \
  -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/workflows/v1/workflow-webhooks/events/replay?start=$START"
cat "$WORK/replay.json"; echo

log "waiting for the retention sweep"
for _ in $(seq 1 900); do
  grep -q "retention sweep (EventRetention)" "$WORK/server.log" && break
  sleep 2
done
grep -o "retention sweep ([A-Za-z]*) removed [0-9]* rows older than [^ ]* in [0-9]* ms" "$WORK/server.log" || true
psql -At -d "$DB" -c "SELECT 'event_records left: ' || count(*) FROM event_records"
log "done"

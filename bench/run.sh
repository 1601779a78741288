#!/usr/bin/env bash
# Hookflow's benchmark, one command: bash bench/run.sh [--phases ceiling,get,publish,latency,backlog,ready]
#   [--seconds 10] [--clients 16] [--fanout 10] [--rate 500] [--rate-seconds 20] [--rate-connections 64]
#   [--backlog 1000000]
#   [--db hookflow_bench] [--port 0] [--xmx ''] [--jfr on]
#   [--server-option -Dsome.property=value]
# A short run: bash bench/run.sh --seconds 5 --rate-seconds 5 --backlog 20000
# Builds the WAR, starts it as the README does (plus HOOKFLOW_DB_URL on PostgreSQL at 127.0.0.1:5432, user
# postgres; the database --db is dropped and created) with a loopback receiver, measures the machine's ceilings
# (wrk against the receiver, pgbench) and prints one table with the ratios. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk (the load tool for the ceilings, the GET and the publish runs)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
  fi
  command -v wrk >/dev/null 2>&1 || { echo "wrk is needed and could not be installed: apt-get install -y wrk" >&2; exit 1; }
fi
for tool in psql pgbench; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed (apt-get install -y postgresql-client)" >&2; exit 1; }
done
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -DskipTests verify
fi
# nodelay: the JDK HTTP server otherwise writes headers and body apart and Nagle holds the body for a delayed ACK (40 ms)
exec java -Xmx1g -Dsun.net.httpserver.nodelay=true bench/Bench.java "$@"

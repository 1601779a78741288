#!/usr/bin/env bash
# The delivery benchmark, one command: bash bench/run.sh [--backlog N] [--rate R] [--rate-seconds S] ...
# Builds the WAR, runs Hookflow on PostgreSQL (127.0.0.1:5432, user postgres; database hookflow_bench is
# dropped and created) with a loopback receiver, and prints the figures. See docs/benchmarks.md, "Delivery engine".
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk (the plain load tool the receiver's ceiling is measured with)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null || echo "wrk not installed; the ceiling is skipped"
  fi
fi
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -DskipTests verify
fi
# nodelay: the JDK HTTP server otherwise writes headers and body apart and Nagle holds the body for a delayed ACK (40 ms)
exec java -Xmx1g -Dsun.net.httpserver.nodelay=true bench/Bench.java "$@"

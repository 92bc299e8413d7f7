#!/bin/sh
# Stream fan-out benchmark: starts the built daemon on the benchmark site, opens N sessions with
# one event stream each, ingests at a paced rate and measures ingest -> stream latency per part.
# Options go to the benchmark, e.g.:  CAMERAS=1000 bench/run-fanout.sh --streams 2000 --rate 10000 --duration 60
# CAMERAS (default 100) sets how many cameras the site has; events spread evenly over them, so each
# stream (subscribed to --cameras-per-stream of them) gets rate x cameras-per-stream / CAMERAS events/s.
# DAEMON_OPTS sets the daemon's JVM options (default: the launcher's).
set -eu
cd "$(dirname "$0")/.."
. bench/daemon.sh
java -Xmx1g -XX:+UseParallelGC -cp "$CP" dev.vigil.bench.StreamFanOutBenchmark --url "http://127.0.0.1:$PORT" \
  --password "$PASSWORD" --cameras "$CAMERAS" "$@"
curl -s "http://127.0.0.1:$PORT/metrics" -u "admin:$PASSWORD" \
  | grep -E "^vigil_stream_(dropped|fanout_overflows|connections|sessions)" || true
grep -E "ERROR|WARN" "$SITE/daemon.log" | grep -v "created user 'admin'" | tail -5 || true

#!/bin/sh
# Stream fan-out benchmark: starts the built daemon on the benchmark site, opens N sessions with
# one event stream each, ingests at a paced rate and measures ingest -> stream latency per part.
# Options go to the benchmark, e.g.:  bench/run-fanout.sh --streams 2000 --rate 10000 --duration 60
# CAMERAS (default 100) sets how many cameras the site has; events spread evenly over them, so each
# stream (subscribed to --cameras-per-stream of them) gets rate x cameras-per-stream / CAMERAS events/s.
# DAEMON_OPTS sets the daemon's JVM options (default: the launcher's).
set -eu
cd "$(dirname "$0")/.."
DIST=distribution/target/vigil-0.1.0-SNAPSHOT
if [ ! -x "$DIST/bin/vigil" ] || [ ! -f bench/target/classpath.txt ]; then
  mvn -B -q -DskipTests package
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
SITE=$(mktemp -d /tmp/vigil-fanout.XXXXXX)
PORT=${PORT:-24590}
CAMERAS=${CAMERAS:-100}
java -cp "$CP" dev.vigil.bench.BenchSite "$SITE" "$DIST/rules" "$PORT" "$CAMERAS"
JAVA_OPTS="${DAEMON_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20}" "$DIST/bin/vigil" --conf "$SITE/conf" --data "$SITE/data" run \
  > "$SITE/daemon.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$SITE"' EXIT INT TERM
i=0
until grep -q "Vigil started" "$SITE/daemon.log"; do
  i=$((i + 1))
  if [ $i -gt 120 ] || ! kill -0 $PID 2>/dev/null; then cat "$SITE/daemon.log"; exit 1; fi
  sleep 0.5
done
java -Xmx1g -XX:+UseParallelGC -cp "$CP" dev.vigil.bench.StreamFanOutBenchmark --url "http://127.0.0.1:$PORT" \
  --password "$(cat "$SITE/data/initial-admin-password")" --cameras "$CAMERAS" "$@"
curl -s "http://127.0.0.1:$PORT/metrics" -u "admin:$(cat "$SITE/data/initial-admin-password")" \
  | grep -E "^vigil_stream_(dropped|fanout_overflows|connections|sessions)" || true
grep -E "ERROR|WARN" "$SITE/daemon.log" | grep -v "created user 'admin'" | tail -5 || true

#!/bin/sh
# End-to-end load benchmark: starts the built daemon on a 100-rule site with 100 cameras, then
# drives it over HTTP with bench's LoadGenerator. Options after the script name go to the
# generator, e.g.:  bench/run-load.sh --mode bulk --connections 32 --batch 500 --duration 60
#                   bench/run-load.sh --mode bulk --rate 50000 --duration 300
#                   bench/run-load.sh --mode raise --connections 64
# DAEMON_OPTS sets the daemon's JVM options (default: the launcher's, -Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20).
set -eu
cd "$(dirname "$0")/.."
DIST=distribution/target/vigil-0.1.0-SNAPSHOT
if [ ! -x "$DIST/bin/vigil" ] || [ ! -f bench/target/classpath.txt ]; then
  mvn -B -q -DskipTests package
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
SITE=$(mktemp -d /tmp/vigil-bench.XXXXXX)
PORT=${PORT:-24590}
java -cp "$CP" dev.vigil.bench.BenchSite "$SITE" "$DIST/rules" "$PORT"
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
java -Xmx512m -XX:+UseParallelGC -cp "$CP" dev.vigil.bench.LoadGenerator --url "http://127.0.0.1:$PORT" \
  --password "$(cat "$SITE/data/initial-admin-password")" "$@"
grep -E "ERROR|WARN" "$SITE/daemon.log" | grep -v "created user 'admin'" | tail -5 || true

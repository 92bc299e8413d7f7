# Sourced by the bench scripts: builds if needed, writes a benchmark site (BenchSite, with $CAMERAS
# cameras, default 100) and starts the built daemon on it in the background. Sets CP, SITE, PORT,
# PID, PASSWORD; stops the daemon and removes the site on exit. DIST picks another unpacked
# distribution (to measure two builds in the same conditions).
DIST=${DIST:-distribution/target/vigil-0.1.0-SNAPSHOT}
if [ ! -x "$DIST/bin/vigil" ] || [ ! -f bench/target/classpath.txt ]; then
  mvn -B -q -DskipTests package
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
SITE=$(mktemp -d /tmp/vigil-bench.XXXXXX)
PORT=${PORT:-24590}
CAMERAS=${CAMERAS:-100}
java -cp "$CP" dev.vigil.bench.BenchSite "$SITE" "$DIST/rules" "$PORT" "$CAMERAS"
# BENCH_OVERLAY: a YAML file dropped into conf/vigil.d/ (a sink, a limit); BENCH_PLUGINS: plugin JARs to load.
if [ -n "${BENCH_OVERLAY:-}" ]; then mkdir -p "$SITE/conf/vigil.d" && cp "$BENCH_OVERLAY" "$SITE/conf/vigil.d/"; fi
for jar in ${BENCH_PLUGINS:-}; do cp "$jar" "$SITE/plugins/"; done
JAVA_OPTS="${DAEMON_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent}" "$DIST/bin/vigil" --conf "$SITE/conf" --data "$SITE/data" run \
  > "$SITE/daemon.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$SITE"' EXIT INT TERM
i=0
until grep -q "Vigil started" "$SITE/daemon.log"; do
  i=$((i + 1))
  if [ $i -gt 120 ] || ! kill -0 $PID 2>/dev/null; then cat "$SITE/daemon.log"; exit 1; fi
  sleep 0.5
done
PASSWORD=$(cat "$SITE/data/initial-admin-password")

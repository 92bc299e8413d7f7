#!/bin/sh
# End-to-end load benchmark: starts the built daemon on a 100-rule site with 100 cameras, then
# drives it over HTTP with bench's LoadGenerator. Options after the script name go to the
# generator, e.g.:  bench/run-load.sh --mode bulk --connections 32 --batch 500 --duration 60
#                   bench/run-load.sh --mode bulk --rate 50000 --duration 300
#                   bench/run-load.sh --mode raise --connections 64
# DAEMON_OPTS sets the daemon's JVM options (default: the launcher's, -Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent).
set -eu
cd "$(dirname "$0")/.."
. bench/daemon.sh
java -Xmx512m -XX:+UseParallelGC -cp "$CP" dev.vigil.bench.LoadGenerator --url "http://127.0.0.1:$PORT" \
  --password "$PASSWORD" "$@"
grep -E "ERROR|WARN" "$SITE/daemon.log" | grep -v "created user 'admin'" | tail -5 || true

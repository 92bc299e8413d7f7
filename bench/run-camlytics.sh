#!/bin/sh
# Camlytics benchmarks against the built daemon on the benchmark site:
#   bench/run-camlytics.sh --mode webhook --rate 2000 --duration 30     webhook sink -> a local receiver
#   bench/run-camlytics.sh --mode longpoll --clients 100 --rate 2000 --duration 30
#                                                                        clients following /v1/json/events
# DAEMON_OPTS sets the daemon's JVM options (default: the launcher's).
set -eu
cd "$(dirname "$0")/.."
RECEIVER_PORT=${RECEIVER_PORT:-24600}
OVERLAY=/tmp/vigil-bench-webhook-$$.yaml
cat > "$OVERLAY" <<YAML
sinks:
  - name: bench-hook
    type: webhook
    events: true
    alarms: false
    queueCapacity: 100000
    settings:
      method: GET
      timeout: 10s
      urls:
        ObjectAppear: [ "http://127.0.0.1:$RECEIVER_PORT/hook?site=bench" ]
YAML
case " $* " in
  *" webhook "*)
    export BENCH_OVERLAY="$OVERLAY"
    export BENCH_PLUGINS="distribution/target/vigil-0.1.0-SNAPSHOT/plugins/vigil-plugin-webhook-0.1.0-SNAPSHOT.jar" ;;
esac
. bench/daemon.sh
java -Xmx1g -cp "$CP" dev.vigil.bench.CamlyticsBenchmark --url "http://127.0.0.1:$PORT" \
  --camlytics-url "http://127.0.0.1:$((PORT + 2))" --password "$PASSWORD" --receiver-port "$RECEIVER_PORT" "$@"
grep -E "ERROR|WARN" "$SITE/daemon.log" | grep -v "created user 'admin'" | tail -5 || true
rm -f "$OVERLAY"

#!/bin/sh
# The e-mail and MQTT plugins under load, against the built daemon on the benchmark site:
#   bench/run-plugins.sh mail     [--rate 500 --duration 20] [BATCH_WINDOW=1s for digests]
#   bench/run-plugins.sh mqtt-out [--rate 5000 --duration 20]
#   bench/run-plugins.sh mqtt-in  [--messages 50000]
# GreenMail runs in the benchmark JVM; Mosquitto (Debian's package) is started here on loopback.
set -eu
cd "$(dirname "$0")/.."
MODE=$1; shift
SMTP_PORT=${SMTP_PORT:-24625}
MQTT_PORT=${MQTT_PORT:-24683}
BROKER="tcp://127.0.0.1:$MQTT_PORT"
OVERLAY=/tmp/vigil-bench-plugins-$$.yaml
PLUGINS=distribution/target/vigil-0.1.0-SNAPSHOT/plugins
case "$MODE" in
  mail)
    cat > "$OVERLAY" <<YAML
sinks:
  - name: bench-mail
    type: smtp
    events: true
    alarms: false
    queueCapacity: 100000
    batch: { size: ${BATCH_SIZE:-1000}, window: ${BATCH_WINDOW:-0s} }
    settings: { host: 127.0.0.1, port: $SMTP_PORT, security: none, from: vigil@bench.example, to: [ guards@bench.example ] }
YAML
    export BENCH_PLUGINS="$PLUGINS/vigil-plugin-smtp-0.1.0-SNAPSHOT.jar" ;;
  mqtt-out)
    cat > "$OVERLAY" <<YAML
sinks:
  - name: bench-bus
    type: mqtt
    events: true
    alarms: false
    queueCapacity: 100000
    batch: { size: 500 }
    settings: { broker: "$BROKER" }
YAML
    export BENCH_PLUGINS="$PLUGINS/vigil-plugin-mqtt-0.1.0-SNAPSHOT.jar" ;;
  mqtt-in)
    cat > "$OVERLAY" <<YAML
sources:
  - name: bench-in
    type: mqtt
    settings:
      broker: "$BROKER"
      topics: [ bench/in ]
      mapping: { eventType: ObjectEntered, source: /camera, properties: { n: /n } }
YAML
    export BENCH_PLUGINS="$PLUGINS/vigil-plugin-mqtt-0.1.0-SNAPSHOT.jar" ;;
  *) echo "usage: $0 mail|mqtt-out|mqtt-in [options]"; exit 2 ;;
esac
export BENCH_OVERLAY="$OVERLAY"
case "$MODE" in
  mqtt-*)
    MQ=$(mktemp -d /tmp/vigil-bench-mosquitto.XXXXXX)
    printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\nmax_inflight_messages 1000\nuser %s\n' \
      "$MQTT_PORT" "$(id -un)" > "$MQ/mosquitto.conf"
    /usr/sbin/mosquitto -c "$MQ/mosquitto.conf" > "$MQ/log" 2>&1 &
    MQPID=$! ;;
esac
. bench/daemon.sh
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$SITE" "$OVERLAY"; [ -n "${MQPID:-}" ] && kill $MQPID 2>/dev/null; true' EXIT INT TERM
java -Xmx1g -cp "$CP" dev.vigil.bench.PluginBenchmark --mode "$MODE" --url "http://127.0.0.1:$PORT" \
  --password "$PASSWORD" --smtp-port "$SMTP_PORT" --broker "$BROKER" "$@"
grep -E "ERROR|WARN" "$SITE/daemon.log" | grep -v "created user 'admin'" | tail -5 || true

#!/bin/sh
# Single events, one per request, from wrk (2 threads) on the same machine: Vigil's RaiseEvent
# (journaled with fsync before the answer, shipped rules + 96 generated ones, 1,000 cameras) for
# events spread over the cameras and for one hot camera, and Prometheus Alertmanager taking one
# alert per POST in the same run, so the ratio is measured side by side.
#   bench/run-single.sh [CONNECTIONS] [SECONDS]      (defaults 32 and 20)
set -eu
cd "$(dirname "$0")/.."
C=${1:-32}
D=${2:-20}
export CAMERAS=1000
. bench/daemon.sh
. bench/peers.sh
trap 'stop_peers; kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$SITE"' EXIT INT TERM
AUTH="Basic $(printf 'admin;BenchWrk:%s' "$PASSWORD" | base64 -w0)"
export AUTH
metric() { curl -s -H "Authorization: $AUTH" "http://127.0.0.1:$PORT/metrics" | grep "^$1" | sed 's/^/  /'; }
echo "warm-up (15 s, spread)"; CAMERAS=1000 wrk -t2 -c"$C" -d15s -s bench/wrk/raise.lua "http://127.0.0.1:$PORT" > /dev/null
for mode in spread hot; do
  cams=1000; [ $mode = hot ] && cams=1
  # CameraMotion stays 30 s in the escalation window: without the pause the next mode starts with the
  # last one's events still held, and the session-facts limit answers part of it with 503.
  sleep 31
  printf 'vigil RaiseEvent CameraMotion, %s (%s camera(s)), %s connections: ' "$mode" "$cams" "$C"
  CAMERAS=$cams wrk -t2 -c"$C" -d"${D}s" -s bench/wrk/raise.lua "http://127.0.0.1:$PORT" | grep RESULT
  echo "  ingest->rules latency over the last 30 s (seconds), refusals since the start:"
  metric 'vigil_event_latency_seconds{'
  metric 'vigil_ingest_refused_total{'
done
if [ -n "$AM_URL" ]; then
  printf 'alertmanager, one alert per POST, %s connections: ' "$C"
  CAMERAS=1000 wrk -t2 -c"$C" -d5s -s bench/wrk/alertmanager.lua "$AM_URL" > /dev/null
  CAMERAS=1000 wrk -t2 -c"$C" -d"${D}s" -s bench/wrk/alertmanager.lua "$AM_URL" | grep RESULT
else
  echo "alertmanager not installed (apt-get install prometheus-alertmanager): no ratio"
fi
grep -E "ERROR|WARN" "$SITE/daemon.log" | grep -v "created user 'admin'" | tail -5 || true

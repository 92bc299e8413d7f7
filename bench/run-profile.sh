#!/bin/sh
# Where the CPU goes per event: the built daemon on the benchmark site under wrk's RaiseEvent
# CameraMotion (32 connections), a 20 s JFR recording (settings=profile) after 15 s of load, then
# JfrSummary: samples by thread, by the innermost Vigil method and by leaf method, each also as CPU
# microseconds per event from the rate wrk measured over the same run.
#   bench/run-profile.sh [spread|hot] [OUT.jfr]      (spread: 1,000 cameras; hot: all on one camera)
set -eu
cd "$(dirname "$0")/.."
MODE=${1:-spread}
OUT=${2:-/tmp/vigil-$MODE.jfr}
CAMS=1000; [ "$MODE" = hot ] && CAMS=1
export CAMERAS=1000
export DAEMON_OPTS="-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:StartFlightRecording=filename=$OUT,settings=profile,delay=15s,duration=20s"
. bench/daemon.sh
AUTH="Basic $(printf 'admin;BenchWrk:%s' "$PASSWORD" | base64 -w0)"
export AUTH
RESULT=$(CAMERAS=$CAMS wrk -t2 -c32 -d40s -s bench/wrk/raise.lua "http://127.0.0.1:$PORT" | grep RESULT)
echo "vigil RaiseEvent CameraMotion, $MODE: $RESULT"
i=0
until [ -s "$OUT" ] || [ $i -gt 20 ]; do i=$((i + 1)); sleep 0.5; done
sleep 1
RATE=$(echo "$RESULT" | sed 's/RESULT \([0-9]*\) req.*/\1/')
java -cp "$CP" dev.vigil.bench.JfrSummary "$OUT" "$RATE" 12

#!/bin/sh
# The HTTP edge against its ceiling, same run, same cores: wrk (2 threads) on Vigil's authenticated
# GET /WebSdk/health, then on a bare Netty + Jackson server (bench's NettyCeiling, one event loop)
# answering a 120-byte JSON POST with 202 and a GET with 200.
#   bench/run-edge.sh [CONNECTIONS] [SECONDS]      (defaults 32 and 20)
set -eu
cd "$(dirname "$0")/.."
C=${1:-32}
D=${2:-20}
. bench/daemon.sh
CEIL_PORT=${CEIL_PORT:-24699}
java -Xms256m -Xmx256m -cp "$CP" dev.vigil.bench.NettyCeiling "$CEIL_PORT" > "$SITE/ceiling.log" 2>&1 &
CEIL_PID=$!
trap 'kill $PID $CEIL_PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$SITE"' EXIT INT TERM
until grep -q listening "$SITE/ceiling.log"; do sleep 0.2; done
AUTH="Basic $(printf 'admin;BenchWrk:%s' "$PASSWORD" | base64 -w0)"
export AUTH
wrk -t2 -c"$C" -d10s -s bench/wrk/get.lua "http://127.0.0.1:$PORT" > /dev/null
wrk -t2 -c"$C" -d10s -s bench/wrk/post.lua "http://127.0.0.1:$CEIL_PORT" > /dev/null
printf 'vigil  GET /WebSdk/health (authenticated), %s connections: ' "$C"
wrk -t2 -c"$C" -d"${D}s" -s bench/wrk/get.lua "http://127.0.0.1:$PORT" | grep RESULT
printf 'netty  POST 120-byte JSON -> 202, %s connections:        ' "$C"
wrk -t2 -c"$C" -d"${D}s" -s bench/wrk/post.lua "http://127.0.0.1:$CEIL_PORT" | grep RESULT
printf 'netty  GET -> 200, %s connections:                      ' "$C"
WRK_PATH=/ wrk -t2 -c"$C" -d"${D}s" -s bench/wrk/get.lua "http://127.0.0.1:$CEIL_PORT" | grep RESULT

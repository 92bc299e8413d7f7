#!/bin/sh
# The operator console at the issue's sizes, in headless Chromium (Debian's chromium and
# chromium-driver), against the built daemon on the benchmark site (1,000 cameras): 1,000 active
# alarms in the page, alarm changes while it is open, the event tail at 1,000 events/s; the page's
# main-thread time from Chromium's own counters, and the daemon's bulk ingest with and without a
# tail page open.
#   bench/run-console.sh [--alarms 1000] [--tail-rate 1000] [--seconds 20] [--churn 20] [--flat-rate 40000]
set -eu
cd "$(dirname "$0")/.."
export CAMERAS=1000
. bench/daemon.sh
java -Xmx512m -cp "$CP" dev.vigil.bench.ConsoleBenchmark --url "http://127.0.0.1:$PORT" --password "$PASSWORD" "$@"
grep -E "ERROR|WARN" "$SITE/daemon.log" | grep -v "created user 'admin'" | tail -5 || true

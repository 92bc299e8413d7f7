#!/bin/sh
# Crash and corruption campaign (issue 7): N kill -9 cycles of the built daemon under mixed load with
# the JSON-lines sink on, then one flipped journal byte, then verification of what it left on disk.
#   bench/run-crash.sh --cycles 10 [--seed 42]
set -eu
cd "$(dirname "$0")/.."
DIST=distribution/target/vigil-0.1.0-SNAPSHOT
if [ ! -x "$DIST/bin/vigil" ] || [ ! -f bench/target/classpath.txt ]; then
  mvn -B -q -DskipTests package
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
exec java -Xmx512m -cp "$CP" dev.vigil.bench.CrashCampaign --dist "$DIST" "$@"

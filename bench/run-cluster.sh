#!/bin/sh
# Aggregate events/s of a cluster of N Vigil nodes (default 1, 2 and 3) on Kafka + PostgreSQL, all on
# this machine, against one node on its embedded defaults under the same bulk load. Needs Debian's
# postgresql (the broker runs in the benchmark's JVM). See ClusterBenchmark for what is measured.
#   bench/run-cluster.sh [NODES...]
set -eu
cd "$(dirname "$0")/.."
DIST=${DIST:-distribution/target/vigil-0.1.0-SNAPSHOT}
if [ ! -x "$DIST/bin/vigil" ] || [ ! -f bench/target/classpath.txt ]; then
  mvn -B -q -DskipTests package
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
exec java -Xmx1g -Dvigil.dist="$DIST" -cp "$CP" dev.vigil.bench.ClusterBenchmark "$@"

#!/bin/sh
# JMH benchmark of the rules step alone (insert + fireAllRules on the 100-rule benchmark set).
# Extra arguments go to JMH, e.g.  bench/run-jmh.sh -f 1 -wi 2 -i 3
set -eu
cd "$(dirname "$0")/.."
if [ ! -f bench/target/classpath.txt ]; then
  mvn -B -q -DskipTests package
fi
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main RulesStepBenchmark "$@"

#!/bin/sh
# Rules edits under load: BENCH_RULES generated rules (default 1,000) plus the shipped ones, events
# at --rate (default 10,000/s) for --duration s (default 40) while the rule file is rewritten
# --reloads times (default 3). Prints the longest pause of the rules thread and checks that no
# event was lost or doubled; then the daemon's own log lines for each compile and swap.
#   bench/run-reload.sh [--rate 10000 --duration 40 --reloads 3]
set -eu
cd "$(dirname "$0")/.."
export BENCH_RULES=${BENCH_RULES:-1000}
. bench/daemon.sh
java -Xmx512m -cp "$CP" dev.vigil.bench.ReloadBenchmark --url "http://127.0.0.1:$PORT" --password "$PASSWORD" \
  --rules-dir "$SITE/rules" --rules "$BENCH_RULES" "$@" || STATUS=$?
grep -E "Compiled|swapped in|put back|ERROR" "$SITE/daemon.log" | sed 's/^.*\(RulesManager\|RulesEngine\) - //' | tail -12
exit ${STATUS:-0}

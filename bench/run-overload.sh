#!/bin/sh
# Sustained overload (issue 7): one hot camera's CameraMotion as fast as the daemon answers, from four
# bulk clients (500 events per request) and two RaiseEvent clients, for DURATION seconds (default 600)
# against the daemon with its shipped 1 GB heap. Prints the generators' figures, then waits for the
# daemon to work off what it acknowledged and prints heap, session facts and whether every journaled
# event went through the rules.
#   DURATION=600 bench/run-overload.sh
set -eu
cd "$(dirname "$0")/.."
DURATION=${DURATION:-600}
. bench/daemon.sh
URL="http://127.0.0.1:$PORT"
java -Xmx256m -cp "$CP" dev.vigil.bench.LoadGenerator --url "$URL" --password "$PASSWORD" --mode bulk \
  --type CameraMotion --connections 4 --batch 500 --duration "$DURATION" --warmup 5 > "$SITE/bulk.txt" 2>&1 &
BULK=$!
java -Xmx256m -cp "$CP" dev.vigil.bench.LoadGenerator --url "$URL" --password "$PASSWORD" --mode raise \
  --type CameraMotion --connections 2 --duration "$DURATION" --warmup 5 > "$SITE/raise.txt" 2>&1 &
RAISE=$!
wait $BULK $RAISE || true
echo "== bulk clients"; cat "$SITE/bulk.txt"
echo "== RaiseEvent clients"; tail -9 "$SITE/raise.txt"
kill -0 $PID 2>/dev/null && echo "daemon alive after ${DURATION} s" || { echo "DAEMON DIED"; tail -20 "$SITE/daemon.log"; exit 1; }
start=$(date +%s)
while :; do
  h=$(curl -s -u "admin:$PASSWORD" "$URL/WebSdk/health")
  j=$(echo "$h" | sed 's/.*"JournalLastSequence":\([0-9]*\).*/\1/')
  r=$(echo "$h" | sed 's/.*"RulesLastProcessed":\([0-9]*\).*/\1/')
  [ "$j" = "$r" ] && break
  [ $(( $(date +%s) - start )) -gt 300 ] && { echo "rules did not catch up: $h"; exit 1; }
  sleep 1
done
echo "every acknowledged event through the rules $(( $(date +%s) - start )) s after the load stopped: journal $j, rules $r"
curl -s -u "admin:$PASSWORD" "$URL/metrics" | grep -E '^(vigil_rules_facts|vigil_ingest_refused_total|vigil_ingest_events_total|jvm_memory_max_bytes\{area="heap"|vigil_rules_stuck)' | head
grep -E "OutOfMemory|ERROR" "$SITE/daemon.log" | head -5 || true

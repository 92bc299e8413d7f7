# Sourced by the bench scripts: starts the peers Vigil is compared with, where installed, on
# loopback, and stops them on exit. Sets AM_URL (Prometheus Alertmanager, Debian package
# prometheus-alertmanager, in memory: no fsync). Install: apt-get install prometheus-alertmanager wrk
AM_PORT=${AM_PORT:-24693}
AM_DIR=$(mktemp -d /tmp/vigil-bench-am.XXXXXX)
AM_BIN=$(command -v prometheus-alertmanager || command -v alertmanager || true)
AM_URL=""
if [ -n "$AM_BIN" ]; then
  cat > "$AM_DIR/am.yml" <<YAML
route: { receiver: "null", group_wait: 30s, group_interval: 5m, repeat_interval: 4h }
receivers: [ { name: "null" } ]
YAML
  "$AM_BIN" --config.file="$AM_DIR/am.yml" --storage.path="$AM_DIR" --web.listen-address="127.0.0.1:$AM_PORT" \
    --cluster.listen-address= > "$AM_DIR/log" 2>&1 &
  AM_PID=$!
  i=0
  until curl -sf "http://127.0.0.1:$AM_PORT/-/ready" > /dev/null; do
    i=$((i + 1)); [ $i -gt 50 ] && { cat "$AM_DIR/log"; break; }
    sleep 0.2
  done
  AM_URL="http://127.0.0.1:$AM_PORT"
fi
stop_peers() { if [ -n "${AM_PID:-}" ]; then kill "$AM_PID" 2>/dev/null; wait "$AM_PID" 2>/dev/null || true; fi; rm -rf "$AM_DIR"; true; }

-- wrk script: a 120-byte JSON POST, for the bare Netty ceiling.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '[{"EventType":"CameraMotion","Source":"00000001-0000-be0c-0000-000000000001","Properties":{"zone":"Z1"}}]'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, non-2xx %d, socket errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

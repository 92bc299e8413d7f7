-- Shared by the wrk scripts (dofile from the repository root, where the bench scripts run wrk):
-- one RESULT line with the rate, p50/p99/p99.9/max and the errors. The rate counts 2xx answers only:
-- a 503 (overload) is answered fast and would inflate it; the latencies are of all requests.
function done(summary, latency, requests)
  io.write(string.format("RESULT %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, non-2xx %d, socket errors %d\n",
    (summary.requests - summary.errors.status) / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

-- wrk script: one alert per POST to Alertmanager's v2 API, spread over CAMERAS label values.
local cameras = tonumber(os.getenv("CAMERAS") or "1000")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local cam = cameras == 1 and 1 or math.random(1, cameras)
  return wrk.format(nil, "/api/v2/alerts",
    nil, string.format('[{"labels":{"alertname":"CameraMotion","camera":"c%d"}}]', cam))
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, non-2xx %d, socket errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

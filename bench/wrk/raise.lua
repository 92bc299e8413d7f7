-- wrk script: one RaiseEvent per request. CAMERAS=1 puts every event on one hot camera; more spreads
-- them over that many cameras (the benchmark site's GUIDs). AUTH is the Basic credential.
local cameras = tonumber(os.getenv("CAMERAS") or "1000")
local etype = os.getenv("EVENT_TYPE") or "CameraMotion"
wrk.method = "POST"
wrk.headers["Authorization"] = os.getenv("AUTH")
local n = 0
request = function()
  n = n + 1
  local cam = cameras == 1 and 1 or math.random(1, cameras)
  return wrk.format(nil, string.format("/WebSdk/events/RaiseEvent/%s/00000001-0000-be0c-0000-%012d", etype, cam))
end
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, non-2xx %d, socket errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

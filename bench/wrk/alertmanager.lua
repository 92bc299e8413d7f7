-- wrk script: one alert per POST to Alertmanager's v2 API, spread over CAMERAS label values.
local cameras = tonumber(os.getenv("CAMERAS") or "1000")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local cam = cameras == 1 and 1 or math.random(1, cameras)
  return wrk.format(nil, "/api/v2/alerts",
    nil, string.format('[{"labels":{"alertname":"CameraMotion","camera":"c%d"}}]', cam))
end
dofile("bench/wrk/report.lua")

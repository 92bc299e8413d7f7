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
dofile("bench/wrk/report.lua")

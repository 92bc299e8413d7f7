-- wrk script: an authenticated GET (PATH, default /WebSdk/health) with AUTH as the Basic credential.
wrk.headers["Authorization"] = os.getenv("AUTH")
local path = os.getenv("WRK_PATH") or "/WebSdk/health"
request = function() return wrk.format("GET", path) end
dofile("bench/wrk/report.lua")

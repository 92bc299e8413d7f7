-- wrk script: a 120-byte JSON POST, for the bare Netty ceiling.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '[{"EventType":"CameraMotion","Source":"00000001-0000-be0c-0000-000000000001","Properties":{"zone":"Z1"}}]'
dofile("bench/wrk/report.lua")

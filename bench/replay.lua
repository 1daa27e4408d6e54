-- wrk script for bench/perf.py: replays pre-signed, unique request paths from a file, one per line, in order.
-- Each line is used once (a nonce is never replayed); the file holds more lines than a run can send.
--   wrk -t1 -c16 -d3s -s bench/replay.lua http://127.0.0.1:PORT -- FILE
-- done() prints one JSON line (prefixed "RESULT ") that perf.py reads.

local paths = {}
local n = 0

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
end

function request()
  n = n + 1
  if n > #paths then
    n = 1 -- out of fresh requests: a replay, answered NonceUsed and counted as non-2xx
  end
  return wrk.format("GET", paths[n])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end

-- wrk script: POST the case bodies of BENCH_BODIES (one JSON per line) in turn to BENCH_PATH,
-- with `Authorization: Bearer BENCH_TOKEN` when set; print a JSON summary when done.
local requests = {}
local n = 0
local counter = 0
function init(args)
  local path = os.getenv("BENCH_PATH")
  local headers = {["Content-Type"] = "application/json"}
  local token = os.getenv("BENCH_TOKEN")
  if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  for line in io.lines(os.getenv("BENCH_BODIES")) do
    n = n + 1
    requests[n] = wrk.format("POST", path, headers, line)
  end
end
function request()
  counter = counter % n + 1
  return requests[counter]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latency_us":{"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end

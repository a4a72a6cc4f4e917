-- bench/overload.sh: recommendation calls for random customers, counting answers by status in each wrk thread.
local key = os.getenv("BENCH_API_KEY") or "dev-site-key"
local customers = tonumber(os.getenv("BENCH_CUSTOMERS") or "10000")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init()
  math.randomseed(7919 * (tid or 0) + 3)
  ok, shed, other = 0, 0, 0
end

function request()
  local path = string.format("/v1/customers/ov-%06d/recommendations", math.random(0, customers - 1))
  return wrk.format("POST", path, { ["X-Api-Key"] = key, ["Content-Type"] = "application/json" }, '{"count":10}')
end

function response(status)
  if status == 200 then ok = ok + 1 elseif status == 503 then shed = shed + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local o, s, x = 0, 0, 0
  for _, thread in ipairs(threads) do
    o = o + thread:get("ok"); s = s + thread:get("shed"); x = x + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"ok":%d,"shed_503":%d,"other_status":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, o, s, x, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end

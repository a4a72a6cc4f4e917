-- Shared by the workload scripts: settings from the environment, a random stream per wrk thread,
-- and a one-line JSON summary the bench/run script parses.
local M = {}
M.customers = tonumber(os.getenv("BENCH_CUSTOMERS") or "1000")
M.catalog = tonumber(os.getenv("BENCH_CATALOG_SIZE") or "2000")
M.key = os.getenv("BENCH_API_KEY") or "dev-site-key"
-- Top-level categories of the LoadTest synthetic catalog: item i (0-based) is in category i % 12.
M.categories = { "shoes", "clothing", "electronics", "home", "garden", "beauty", "sports", "toys", "books", "grocery", "jewelry", "automotive" }

local threads = 0
function M.setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function M.init()
  math.randomseed(1000003 * (tid or 0) + 17)
  wrk.headers["X-Api-Key"] = M.key
end

function M.customer()
  return string.format("lt-%06d", math.random(0, M.customers - 1))
end

function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end

return M

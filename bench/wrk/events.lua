-- POST /v1/customers/{id}/events: one view of a catalog item on a random warm customer.
package.path = (os.getenv("BENCH_WRK_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done

function init(args)
  c.init()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local i = math.random(0, c.catalog - 1)
  local body = string.format('{"events":[{"type":"view","itemId":"sku-%06d","categories":["%s"]}]}', i + 1, c.categories[(i % 12) + 1])
  return wrk.format(nil, "/v1/customers/" .. c.customer() .. "/events", nil, body)
end

-- POST /v1/customers/{id}/recommendations (home, 10 items) on a random warm customer.
package.path = (os.getenv("BENCH_WRK_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done
local body = '{"slot":"home","count":10,"context":{"device":"mobile","channel":"web"}}'

function init(args)
  c.init()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  return wrk.format(nil, "/v1/customers/" .. c.customer() .. "/recommendations", nil, body)
end

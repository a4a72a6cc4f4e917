-- GET /v1/customers/{id} on a random warm customer.
package.path = (os.getenv("BENCH_WRK_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
setup, done = c.setup, c.done

function init(args)
  c.init()
  wrk.method = "GET"
end

function request()
  return wrk.format(nil, "/v1/customers/" .. c.customer())
end

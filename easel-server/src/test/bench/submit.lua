-- wrk script for run-submit-benchmark.sh: POSTs one long timed task per request, one user per wrk thread.
wrk.method = "POST"
wrk.body = '{"model":"timed","params":{"prompt":"benchmark","steps":1000}}'
wrk.headers["Content-Type"] = "application/json"
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("user", "bench-" .. counter)
end
function request()
  wrk.headers["X-Easel-User"] = user
  return wrk.format()
end

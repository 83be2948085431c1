-- The benchmark's requests for wrk: read from the file named after "--", one per line (method, target,
-- headers as name:value separated by \30, body; tab-separated), all formatted before the load starts so
-- that wrk's own core does nothing per request but copy them. The file's first line says whether the rows
-- repeat ("cycle": distinct tokens checked over and over) or are each sent once ("once": a fresh token to
-- revoke each time; once they are used up, a request to a path nothing serves is counted as refused).
local rows, count, next_row, once = {}, 0, 0, false

function init(args)
  local file = assert(io.open(args[1], "r"))
  once = file:read("*l") == "once"
  for line in file:lines() do
    local method, target, headers, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local fields = {}
    for pair in headers:gmatch("[^\30]+") do
      local name, value = pair:match("^([^:]+):(.*)$")
      fields[name] = value
    end
    count = count + 1
    rows[count] = wrk.format(method, target, fields, body ~= "" and body or nil)
  end
  file:close()
end

function request()
  next_row = next_row + 1
  if next_row > count then
    if once then
      return wrk.format("GET", "/benchmark-rows-used-up")
    end
    next_row = 1
  end
  return rows[next_row]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end

-- wrk script: cycle through (path, cookie) pairs from the file named by WRK_TARGETS, report p50/p95/p99.
local targets = {}
local counter = 0

function init(args)
  local f = assert(io.open(os.getenv("WRK_TARGETS"), "r"))
  for line in f:lines() do
    local path, cookie = line:match("^(%S+)\t(.+)$")
    if path then table.insert(targets, {path = path, cookie = cookie}) end
  end
  f:close()
  counter = math.random(#targets)
end

-- Think time between one user's requests (WRK_THINK_MS="min,max"; "0,0" = no pause, saturation).
local think_min, think_max = 0, 0
do
  local spec = os.getenv("WRK_THINK_MS") or "0,0"
  local a, b = spec:match("^(%d+),(%d+)$")
  think_min, think_max = tonumber(a), tonumber(b)
end

function delay()
  if think_max == 0 then return 0 end
  return math.random(think_min, think_max)
end

function request()
  counter = counter % #targets + 1
  local t = targets[counter]
  return wrk.format("GET", t.path, {["Cookie"] = t.cookie, ["Host"] = "127.0.0.1"})
end

-- Each wrk thread has its own Lua state: count non-200 answers per thread and add them up in done().
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("bad") or 0) end
  io.write(string.format("RESULT requests=%d errors=%d non200=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    bad, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

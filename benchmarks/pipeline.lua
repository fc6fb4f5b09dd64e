-- wrk script for benchmarks/load.sh's pipelined cells: each write carries WRK_PIPELINE requests (default 16,
-- as TechEmpower's plaintext test), and wrk counts every response as a request. Reports with report.lua.
local depth = tonumber(os.getenv("WRK_PIPELINE") or "16")
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

init = function(args)
  local r = {}
  for i = 1, depth do
    r[i] = wrk.format()
  end
  req = table.concat(r)
end

request = function()
  return req
end

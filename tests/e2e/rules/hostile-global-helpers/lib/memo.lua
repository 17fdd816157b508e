-- A module whose functions set one of its globals.
local M = {}
function M.remember(unit)
  last_unit = last_unit or unit
end
function M.seen()
  return last_unit
end
return M

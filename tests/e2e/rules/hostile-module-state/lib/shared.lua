-- A helper module both rules require.
local M = {}
function M.set(v) stored = v end
function M.get() return stored end
return M

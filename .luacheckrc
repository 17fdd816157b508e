-- luacheck configuration for pevcheck rules: the sandbox's globals.
std = "lua54"
-- What the sandbox provides beyond standard Lua (see docs/rules.md).
read_globals = {
  "rule", "params", "finding", "deduct", "set_score", "unverified",
  "dec", "is_decimal", "round", "ratio", "percent", "sum", "same_at_precision",
  "days_between", "is_date", "fixed", "grade_for", "indicator", "has_indicator", "previous",
  "framework", "targets_by_indicator",
}
-- Blocked in the sandbox: using them is a mistake luacheck should point out.
not_globals = { "os", "io", "debug", "package", "dofile", "loadfile", "coroutine" }
max_line_length = 160
files["docs/lua/pevcheck-api.lua"] = { ignore = { "111", "112", "121", "122", "131", "142", "212", "241" } }

-- Globals set only through file-level helpers (so that check itself has no
-- _ENV upvalue), through a chunk loaded at the top level, and through a
-- module: none may carry one report's data into the next.
local function remember(r)
  seen_by_helper = seen_by_helper or r.unit
end
local remember_loaded = load("local r = ... seen_by_load = seen_by_load or r.unit")
local memo = require("memo")

rule {
  id = "test.hostile.global-helpers",
  title = "通过辅助函数设置全局变量",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    remember(r)
    remember_loaded(r)
    memo.remember(r.unit)
    finding("辅助函数看到的单位：" .. tostring(seen_by_helper) .. "，load 看到的单位：" ..
            tostring(seen_by_load) .. "，模块看到的单位：" .. tostring(memo.seen()))
  end,
}

rule {
  id = "test.hostile.gc-loop",
  title = "终结器（__gc）里的死循环",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- runs whenever the collector gets to it: after this rule, maybe
    -- when no rule is metered at all (at the end of the run)
    setmetatable({}, { __gc = function() while true do end end })
  end,
}

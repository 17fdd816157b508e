rule {
  id = "test.hostile.pcall-loop",
  title = "pcall 包住的死循环",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- neither pcall nor an xpcall handler may swallow the budget error
    for i = 1, math.huge do
      pcall(function() while true do end end)
      xpcall(function() while true do end end, function() while true do end end)
    end
  end,
}

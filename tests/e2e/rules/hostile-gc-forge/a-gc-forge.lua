rule {
  id = "test.hostile.gc-forge",
  title = "终结器（__gc）冒用其他规则报告发现",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    for i = 1, 1000 do
      setmetatable({}, { __gc = function() pcall(finding, "终结器写入的发现") end })
    end
  end,
}

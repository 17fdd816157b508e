rule {
  id = "test.hostile.setmetatable",
  title = "用 setmetatable 修改报告",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    setmetatable(r.budget, { __index = function() return 0 end })
  end,
}

rule {
  id = "test.hostile.concat-index",
  title = "__index 为 C 函数的 table.concat",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    table.concat(setmetatable({}, {__index = type}), '', 1, math.maxinteger)
  end,
}

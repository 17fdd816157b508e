rule {
  id = "test.hostile.sum-len",
  title = "__len 为 math.maxinteger 的 sum",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    sum(setmetatable({}, {__len = function() return math.maxinteger end}))
  end,
}

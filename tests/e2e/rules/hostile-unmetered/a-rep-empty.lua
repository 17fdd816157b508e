rule {
  id = "test.hostile.rep-empty",
  title = "空字符串的 string.rep",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    while true do string.rep('', math.maxinteger) end
  end,
}

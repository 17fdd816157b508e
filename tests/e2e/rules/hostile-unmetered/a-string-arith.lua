rule {
  id = "test.hostile.string-arith",
  title = "长数字字符串的算术",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local s = string.rep('1', 4 * 2^20)
    while true do local x = s + 1 end
  end,
}

rule {
  id = "test.hostile.for-limit",
  title = "for 循环的上限是很长的数字字符串",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local s = string.rep('1', 20 * 2^20)
    while true do
      for i = 1, s do break end
    end
  end,
}

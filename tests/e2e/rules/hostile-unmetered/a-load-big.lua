rule {
  id = "test.hostile.load-big",
  title = "载入巨大的源代码",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    load('return ' .. string.rep('1+', 2 * 2^20) .. '1')
  end,
}

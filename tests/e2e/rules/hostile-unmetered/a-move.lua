rule {
  id = "test.hostile.move",
  title = "table.move 的 C 循环",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    table.move({}, 1, math.maxinteger - 1, 1)
  end,
}

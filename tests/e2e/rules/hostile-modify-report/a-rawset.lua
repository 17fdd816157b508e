rule {
  id = "test.hostile.rawset",
  title = "用 rawset 修改报告",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    rawset(r, "unit", "被改掉了")
  end,
}

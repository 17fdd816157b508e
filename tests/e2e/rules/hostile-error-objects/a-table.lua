rule {
  id = "test.hostile.error-table",
  title = "用表作错误对象",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    error({ code = 42 })
  end,
}

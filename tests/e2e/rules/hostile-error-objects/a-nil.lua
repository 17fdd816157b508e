rule {
  id = "test.hostile.error-nil",
  title = "用 nil 作错误对象",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    error(nil)
  end,
}

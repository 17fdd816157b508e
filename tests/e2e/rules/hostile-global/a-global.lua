rule {
  id = "test.hostile.global",
  title = "设置全局变量",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    leaked_global = "泄漏"
    rawset(_ENV, "leaked_raw", "泄漏")
    finding("已设置全局变量")
  end,
}

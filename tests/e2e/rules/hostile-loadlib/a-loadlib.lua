rule {
  id = "test.hostile.loadlib",
  title = "试图载入 C 库",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local f = package.loadlib("/lib/x86_64-linux-gnu/libc.so.6", "system")
    f("touch pevcheck-escaped-loadlib")
  end,
}

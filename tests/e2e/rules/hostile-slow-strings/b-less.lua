rule {
  id = "test.hostile.string-less",
  title = "两个 20 MiB 字符串的 <",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local a, b = string.rep('a', 20 * 2^20), string.rep('a', 20 * 2^20) .. 'b'
    while a < b do end
  end,
}

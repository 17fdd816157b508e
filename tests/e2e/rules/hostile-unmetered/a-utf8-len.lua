rule {
  id = "test.hostile.utf8-len",
  title = "20 MiB 字符串的 utf8.len",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local s = string.rep('a', 20 * 2^20)
    while true do utf8.len(s) end
  end,
}

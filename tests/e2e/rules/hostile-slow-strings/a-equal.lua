rule {
  id = "test.hostile.string-equal",
  title = "两个 20 MiB 字符串的 ==",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- one instruction compares 20 MiB: only the CPU-time limit stops this
    local a, b = string.rep('a', 20 * 2^20), string.rep('a', 20 * 2^20)
    while a == b do end
  end,
}

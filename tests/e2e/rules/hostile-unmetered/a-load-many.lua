rule {
  id = "test.hostile.load-many",
  title = "反复载入 1 MiB 的源代码",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local s = '--' .. string.rep('x', 2^20 - 10)
    while true do load(s) end
  end,
}

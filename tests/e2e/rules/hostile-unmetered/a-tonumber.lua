rule {
  id = "test.hostile.tonumber",
  title = "长字符串的 tonumber",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local s = string.rep(' ', 4 * 2^20) .. '1'
    while true do tonumber(s) end
  end,
}

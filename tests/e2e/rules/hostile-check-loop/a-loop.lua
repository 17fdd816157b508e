rule {
  id = "test.hostile.check-loop",
  title = "检查时死循环",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local n = 0
    while true do n = n + 1 end
  end,
}

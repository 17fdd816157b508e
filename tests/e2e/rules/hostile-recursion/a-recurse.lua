rule {
  id = "test.hostile.recursion",
  title = "无限递归",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local function down(n) return down(n + 1) + 1 end
    down(1)
  end,
}

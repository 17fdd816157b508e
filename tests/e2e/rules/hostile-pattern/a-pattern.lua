rule {
  id = "test.hostile.pattern",
  title = "回溯爆炸的模式匹配",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- one call into C: no Lua instruction runs while it backtracks
    local s = string.rep("a", 100000)
    string.find(s, ".-.-.-.-.-.-.-.-b")
  end,
}

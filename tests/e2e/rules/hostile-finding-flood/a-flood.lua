rule {
  id = "test.hostile.finding-flood",
  title = "无数条发现",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- each finding is kept outside the Lua state, so the memory ceiling
    -- does not see it; only the instruction budget ends the loop
    local s = string.rep("洪", 2000)
    while true do finding(s) end
  end,
}

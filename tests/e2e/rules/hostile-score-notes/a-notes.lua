rule {
  id = "test.hostile.score-notes",
  title = "巨大的得分说明",
  severity = "error",
  kinds = {"department"},
  indicator = "履职效能",
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- set_score notes are kept outside the Lua state: each is cut like a
    -- finding's message and counted against the findings limit
    local note = string.rep("说明", 10 * 2^20 // 6)
    for i = 1, 200 do
      set_score(50, note)
    end
  end,
}

rule {
  id = "test.hostile.long-message",
  title = "一条极长的发现",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- 3 bytes a character: the cut must fall on a character boundary
    finding(string.rep("长", 100000))
  end,
}

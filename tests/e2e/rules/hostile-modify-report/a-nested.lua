rule {
  id = "test.hostile.nested",
  title = "修改报告的下层数据",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local ind = indicator("履职效能")
    ind.score = 0
  end,
}

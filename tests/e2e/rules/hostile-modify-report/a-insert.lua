rule {
  id = "test.hostile.insert",
  title = "用 table.insert 修改报告",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    table.insert(r.scores.indicators, { name = "插入的指标", max = 1, score = 1 })
  end,
}

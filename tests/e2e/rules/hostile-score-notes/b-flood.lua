rule {
  id = "test.hostile.score-flood",
  title = "无数次设定得分",
  severity = "error",
  kinds = {"department"},
  indicator = "管理效率",
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    while true do
      set_score(50, "说明")
    end
  end,
}

rule {
  id = "test.set-score-nowhere",
  title = "设定得分却没有声明指标",
  severity = "warning",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    set_score(1, "一分")
  end,
}

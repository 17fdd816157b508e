rule {
  id = "test.missing-indicator",
  title = "扣分到不存在的指标",
  severity = "warning",
  kinds = {"department"},
  indicator = "管理效率/不存在的指标",
  policy = "无",
  check = function(r)
    deduct(1, "扣一分")
  end,
}

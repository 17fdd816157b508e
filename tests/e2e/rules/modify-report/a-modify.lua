rule {
  id = "test.modify",
  title = "试图修改报告",
  severity = "error",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    r.unit = "被改掉了"
  end,
}

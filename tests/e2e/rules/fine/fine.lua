rule {
  id = "test.fine",
  title = "正常运行的规则",
  severity = "info",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    finding("规则照常运行：" .. r.unit)
  end,
}

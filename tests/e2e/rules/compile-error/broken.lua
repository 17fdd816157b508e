rule {
  id = "test.broken",
  title = "语法错误",
  severity = "error",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    if r.year then
  end,
}

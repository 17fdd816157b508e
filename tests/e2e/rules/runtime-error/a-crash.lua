rule {
  id = "test.crash",
  title = "运行时出错",
  severity = "error",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    local x = r.nothing.here
    return x
  end,
}

rule {
  id = "test.severity",
  title = "级别写错",
  severity = "critical",
  kinds = {"department"},
  policy = "无",
  check = function() end,
}

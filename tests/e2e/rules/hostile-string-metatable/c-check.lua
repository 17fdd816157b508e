rule {
  id = "test.check",
  title = "字符串方法照常",
  severity = "info",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    finding("字符串方法：" .. ("abc"):upper() .. "，" .. string.format("%d", 7))
  end,
}

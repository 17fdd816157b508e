rule {
  id = "test.binary",
  title = "试图载入二进制代码",
  severity = "error",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    local f = load("\27Lua\84\0", "x", "b")
    finding("不应到达这里" .. tostring(f))
  end,
}

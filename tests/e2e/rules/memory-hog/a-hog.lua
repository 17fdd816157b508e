rule {
  id = "test.hog",
  title = "内存耗尽",
  severity = "error",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    local t = {}
    for i = 1, 1e9 do t[i] = string.rep("x", 1000) .. i end
  end,
}

rule {
  id = "test.victim",
  title = "分配较多内存的正常规则",
  severity = "info",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    local t = {}
    for i = 1, 200000 do t[i] = { i } end
    finding("分配完成：" .. #t)
  end,
}

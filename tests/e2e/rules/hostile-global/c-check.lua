rule {
  id = "test.check",
  title = "看不到别的规则的全局变量",
  severity = "info",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    if leaked_global == nil and leaked_raw == nil then
      finding("看不到其他规则的全局变量")
    else
      finding("看到了其他规则的全局变量：" .. tostring(leaked_global or leaked_raw))
    end
  end,
}

rule {
  id = "test.check",
  title = "小数运算照常",
  severity = "info",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    local p = r.budget.planned
    local ok = tostring(p) == "100" and not (p < dec(1)) and p:round(0):eq(100)
    finding(ok and "小数运算照常" or ("小数运算被其他规则改变：" .. tostring(p)))
  end,
}

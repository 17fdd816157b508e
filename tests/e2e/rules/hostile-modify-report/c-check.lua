rule {
  id = "test.check",
  title = "报告保持原样",
  severity = "info",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    local ind = r.scores.indicators
    local same = r.unit == "测试单位" and #ind == 2 and ind[1].score:eq(50)
      and r.budget.planned:eq(100) and type(getmetatable(r)) == "string"
    finding(same and "报告未被修改" or ("报告被其他规则修改了：" .. tostring(r.unit) .. " " .. #ind))
  end,
}

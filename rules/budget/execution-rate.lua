-- 报告所写的预算执行率应与执行数 ÷ 预算数相符（按所写的精度）。

rule {
  id = "budget.execution-rate",
  title = "预算执行率应与执行数、预算数相符",
  severity = "error",
  kinds = { "department", "project" },
  policy = "预算执行率 = 全年执行数 ÷ 全年预算数 × 100%。报告所写的执行率按其小数位数四舍五入后，"
    .. "应与由执行数、预算数算出的执行率一致（如 99.9% 与 383,193.53 ÷ 383,506.13 = 99.918…% 相符）。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件：预算执行率",
  check = function(r)
    local b = r.budget
    if b == nil or b.execution_rate == nil or b.planned == nil or b.executed == nil then
      return
    end
    local exact = percent(b.executed, b.planned)
    if exact == nil then
      finding("全年预算数为 0，无法计算预算执行率", b, "planned")
      return
    end
    local same, rounded = same_at_precision(b.execution_rate, exact)
    if not same then
      finding(string.format("预算执行率写为 %s%%，但执行数 %s ÷ 预算数 %s = %s%%", tostring(b.execution_rate),
        tostring(b.executed), tostring(b.planned), tostring(rounded)), b, "execution_rate")
    end
  end,
}

-- 年中把预算调整到与实际支出分毫不差：按调整后预算算出的执行率恰为 100%，说明不了执行情况。

rule {
  id = "budget.adjusted-to-spending",
  title = "调整后预算数与执行数完全相同",
  severity = "warning",
  kinds = { "department", "project" },
  needs = { "budget.initial", "budget.planned", "budget.executed" },
  policy = "全年预算数（调整后）与年初预算数不同、却与全年执行数完全相同（精确到所写的最后一位）的，"
    .. "预算可能是按实际支出调整的：此时按全年预算数算出的执行率恰为 100%，并不反映预算执行情况，请核实调整依据，"
    .. "并以年初预算数说明执行情况。",
  reference = "《中华人民共和国预算法》第十三条；《中共中央 国务院关于全面实施预算绩效管理的意见》"
    .. "（中发〔2018〕34号）：硬化预算约束",
  check = function(r)
    local b = r.budget
    if b.planned:eq(b.initial) or not b.planned:eq(b.executed) or b.planned:eq(0) then
      return
    end
    local currency = b.currency or "万元"
    -- 调减到与支出相同时，按年初预算计算的执行率才说明执行不足
    local by_initial = b.planned < b.initial and b.initial > 0 and string.format("；按年初预算数计算的执行率为 %s%%",
      fixed(percent(b.executed, b.initial), 2)) or ""
    finding(string.format("全年预算数 %s %s 与全年执行数完全相同，而年初预算数为 %s %s：预算可能是按实际支出调整的，"
      .. "按全年预算数计算的执行率 100%% 不能说明执行情况%s", tostring(b.planned), currency, tostring(b.initial), currency, by_initial),
      b, "planned")
  end,
}

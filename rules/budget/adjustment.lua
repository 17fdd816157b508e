-- 年中调整预算须说明原因：全年预算数（调整后）与年初预算数相差超过参数所定比例、报告又没有写明
-- 调整原因（budget.adjustment_reason）的，提示说明。调减到接近实际支出的，按调整后预算算出的执行率
-- 会掩盖执行不足，提示中同时给出按年初预算计算的执行率。

local P = params {
  max_rate = 5,   -- 全年预算数与年初预算数相差超过年初预算的百分之多少时须说明原因（%）；0 表示任何调整都须说明
}

rule {
  id = "budget.adjustment",
  title = "年中调整预算须说明原因",
  severity = "warning",
  kinds = { "department", "project" },
  needs = { "budget.initial", "budget.planned" },
  policy = string.format("全年预算数（调整后）与年初预算数相差超过年初预算数的 %s%% 的，应说明调整原因"
    .. "（写在 budget.adjustment_reason）；没有说明的，提示说明。预算调减到接近实际支出后，按调整后预算算出的"
    .. "执行率会偏高，掩盖执行不足；提示中同时给出按年初预算计算的执行率。", P.max_rate),
  reference = "《中华人民共和国预算法》第十三条：经人民代表大会批准的预算，非经法定程序，不得调整；"
    .. "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）：硬化预算约束",
  check = function(r)
    local b = r.budget
    if b.initial <= 0 then
      return
    end
    local reason = b.adjustment_reason
    if type(reason) == "string" and reason ~= "" then
      return
    end
    local change = b.planned - b.initial
    local size = change < 0 and -change or change
    if size:eq(0) or size * 100 <= b.initial * P.max_rate then
      return
    end
    local currency = b.currency or "万元"
    local rate = fixed(percent(size, b.initial), 2)
    local limit = dec(P.max_rate):eq(0) and "" or string.format("，超过 %s%%", P.max_rate)
    if change < 0 then
      local tail = ""
      if b.executed ~= nil and b.planned > 0 then
        tail = string.format("；按调整后预算计算的执行率为 %s%%，按年初预算计算仅为 %s%%，调减预算可能掩盖执行不足",
          fixed(percent(b.executed, b.planned), 2), fixed(percent(b.executed, b.initial), 2))
      end
      finding(string.format("全年预算数 %s %s 比年初预算数 %s %s 调减 %s %s（%s%%%s）%s；报告没有写明调减原因",
        tostring(b.planned), currency, tostring(b.initial), currency, tostring(size), currency, rate, limit,
        tail), b, "planned")
    else
      finding(string.format("全年预算数 %s %s 比年初预算数 %s %s 调增 %s %s（%s%%%s）；报告没有写明追加预算的原因和依据",
        tostring(b.planned), currency, tostring(b.initial), currency, tostring(size), currency, rate, limit),
        b, "planned")
    end
  end,
}

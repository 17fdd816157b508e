-- 预算执行率偏低须说明原因。

local P = params {
  min_rate = 90,                          -- 执行率低于多少（%）须说明原因
  indicator_words = { "预算执行" },       -- 名称含这些字的评分指标，其扣分说明可作为原因
  -- 绩效指标的偏差原因（targets[].reason）含这些字的，也是执行率偏低的说明：项目支出绩效自评表
  -- （财预〔2020〕10号 附件2）的“项目资金”栏没有说明原因的格子，填报人写在“偏差原因分析及改进措施”栏
  reason_words = { "资金", "预算", "支付", "拨付", "付款", "结算", "尾款", "执行率" },
}

local budget = require("std.budget")

local function explained_by_deduction(list)
  for _, ind in ipairs(list or {}) do
    for _, word in ipairs(P.indicator_words) do
      if string.find(ind.name or "", word, 1, true) then
        for _, d in ipairs(ind.deductions or {}) do
          if type(d.reason) == "string" and d.reason ~= "" then
            return true
          end
        end
      end
    end
    if explained_by_deduction(ind.children) then
      return true
    end
  end
  return false
end

-- 某项绩效指标的偏差原因说到了资金的使用。
local function explained_by_target(targets)
  for _, t in ipairs(targets or {}) do
    local reason = t.reason
    if type(reason) == "string" then
      for _, word in ipairs(P.reason_words) do
        if string.find(reason, word, 1, true) then
          return true
        end
      end
    end
  end
  return false
end

rule {
  id = "budget.low-execution",
  title = "预算执行率偏低须说明原因",
  severity = "error",
  kinds = { "department", "project" },
  needs = { "budget.planned", "budget.executed" },
  policy = string.format("预算执行率（全年执行数 ÷ 全年预算数；评分框架把年初结转结余计入执行率的，分母加上年初结转结余）低于 %s%% 的，应说明原因：写在 "
    .. "facts.budget_explanation，或在评分表“预算执行（率）”指标的扣分说明（deductions）中写明原因，"
    .. "或在绩效指标的偏差原因（targets[].reason）中说到资金的使用（含“%s”等字）。",
    P.min_rate, table.concat(P.reason_words, "”“")),
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：单位自评内容包括预算执行情况，对未完成绩效目标"
    .. "或偏离绩效目标较大的要分析并说明原因；《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）",
  check = function(r)
    local b = r.budget
    local base, base_text = budget.rate_base(b)
    if base == nil or base <= 0 or b.executed * 100 >= base * P.min_rate then
      return
    end
    local note = (r.facts or {}).budget_explanation
    if type(note) == "string" and note ~= "" then
      return
    end
    if explained_by_deduction((r.scores or {}).indicators) or explained_by_target(r.targets) then
      return
    end
    finding(string.format("预算执行率 %s%%（执行数 %s ÷ %s），低于 %s%%，但报告没有说明原因；"
      .. "请写在 facts.budget_explanation，或在“预算执行”指标的扣分说明、绩效指标的偏差原因中写明", fixed(percent(b.executed, base), 2),
      tostring(b.executed), base_text, P.min_rate), b, "executed")
  end,
}

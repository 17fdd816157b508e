-- 报告所写的预算执行率应与执行数 ÷ 预算数相符（按所写的精度）。评分框架把年初结转结余计入
-- 执行率的（如湖南“预算完成率”），分母为全年预算数 + 年初结转结余；报告没有年初结转结余时给一条
-- 提示，说明无从核对。自评表“项目资金”栏年度资金总额一行所印的执行率总按本行的执行数 ÷ 预算数核对。

local budget = require("std.budget")

-- 核对一处所印的执行率：printed 写在 at[field]，exact 是算出的执行率，how 说明算法。
local function check_rate(printed, exact, how, at, field)
  local same, rounded = same_at_precision(printed, exact)
  if not same then
    finding(string.format("执行率写为 %s%%，但%s = %s%%", tostring(printed), how, tostring(rounded)), at, field)
  end
end

-- 核对 budget.execution_rate：分母按评分框架（std.budget 的 rate_base）。框架的分母要用报告没有的
-- 数据（年初结转结余）时，无从核对，给一条提示说明缺什么，而不是默不作声。
local function check_reported(b)
  local base, base_text, note = budget.rate_base(b)
  if base == nil then
    finding{ message = string.format("执行率写为 %s%%，无法核对：%s", tostring(b.execution_rate), base_text),
      at = b, field = "execution_rate", severity = "info" }
    return
  end
  local exact = percent(b.executed, base)
  if exact == nil then
    finding("全年预算数为 0，无法计算预算执行率", b, "planned")
    return
  end
  check_rate(b.execution_rate, exact, string.format("执行数 %s ÷ %s%s", tostring(b.executed), base_text,
    note or ""), b, "execution_rate")
end

rule {
  id = "budget.execution-rate",
  title = "预算执行率应与执行数、预算数相符",
  severity = "error",
  kinds = { "department", "project" },
  needs = { "budget.planned", "budget.executed" },
  policy = "预算执行率 = 全年执行数 ÷ 全年预算数 × 100%（评分框架把年初结转结余计入执行率的，分母为全年预算数 + "
    .. "年初结转结余）。报告所写的执行率（budget.execution_rate，以及自评表年度资金总额一行的执行率"
    .. " budget.funds.total.rate）按其小数位数四舍五入后，应与算出的执行率一致"
    .. "（如 99.9% 与 383,193.53 ÷ 383,506.13 = 99.918…% 相符）。评分框架的分母含年初结转结余而报告没有写"
    .. "年初结转结余的，budget.execution_rate 无从核对，给一条提示。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件2“项目支出绩效自评表”：执行率；"
    .. "《预算绩效评价共性指标体系框架》（财预〔2013〕53号）附件2：预算完成率",
  check = function(r)
    local b = r.budget
    if b.execution_rate ~= nil then
      check_reported(b)
    end
    local total = b.funds and b.funds.total
    if total ~= nil and total.rate ~= nil and total.executed ~= nil and total.planned ~= nil then
      -- 自评表的执行率 = 年度资金总额一行的全年执行数 ÷ 全年预算数（与评分框架的分母无关）
      local row = percent(total.executed, total.planned)
      if row ~= nil then
        check_rate(total.rate, row, string.format("年度资金总额全年执行数 %s ÷ 全年预算数 %s",
          tostring(total.executed), tostring(total.planned)), total, "rate")
      end
    end
  end,
}

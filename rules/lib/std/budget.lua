-- 预算执行的公用算术：require("std.budget")。

local M = {}

-- 执行率的分母，按报告所用的评分框架（framework()）：
--   - 默认：全年预算数；
--   - rate_includes_opening_balance（如湖南部门整体评价的“预算完成率”）：全年预算数 + 年初结转结余；
--   - rate_uses_received_funds（财预〔2020〕10号附件1“预算执行率=实际支出资金/实际到位资金”）：实际到位资金
--     （budget.received）；报告没有写实际到位资金时按全年预算数，并说明。
-- 返回分母、它的说明（“全年预算数 2690.62 + 年初结转结余 19.8”）和按全年预算数代替时的附注（或 nil）；
-- 框架计入年初结转结余而报告没有列出时，返回 nil 和缺少什么的说明。
-- pevcheck 在 JSON、Markdown、HTML 中显示的“执行率（计算）”用同样的分母（model_budget_rate）。
function M.rate_base(b)
  local fw = framework()
  if fw ~= nil and fw.rate_includes_opening_balance then
    local ob = b.opening_balance
    if ob == nil then
      return nil, "本评分框架的执行率计入年初结转结余，报告没有年初结转结余（budget.opening_balance）"
    end
    return b.planned + ob, string.format("（全年预算数 %s + 年初结转结余 %s）", tostring(b.planned), tostring(ob))
  end
  if fw ~= nil and fw.rate_uses_received_funds then
    if b.received ~= nil then
      return b.received, string.format("实际到位资金 %s", tostring(b.received))
    end
    return b.planned, string.format("全年预算数 %s", tostring(b.planned)),
      "（本评分框架的执行率以实际到位资金为分母，报告没有实际到位资金 budget.received，按全年预算数计算）"
  end
  return b.planned, string.format("全年预算数 %s", tostring(b.planned))
end

-- 全年预算数作分母（不论评分框架的执行率口径）：如结转结余率“结转结余总额 ÷ 支出预算数”。
-- 返回分母和它的说明，与 rate_base 的形式相同。
function M.planned_base(b)
  return b.planned, string.format("全年预算数 %s", tostring(b.planned))
end

return M

-- 预算执行的公用算术：require("std.budget")。

local M = {}

-- 执行率的分母：全年预算数；评分框架把年初结转结余计入执行率的（framework() 的
-- rate_includes_opening_balance，如湖南部门整体评价的“预算完成率”），再加年初结转结余。
-- 返回分母和它的说明（“全年预算数 2690.62 + 年初结转结余 19.8”）；框架计入年初结转结余
-- 而报告没有列出时，返回 nil 和缺少什么的说明。
function M.rate_base(b)
  local fw = framework()
  if fw ~= nil and fw.rate_includes_opening_balance then
    local ob = b.opening_balance
    if ob == nil then
      return nil, "本评分框架的执行率计入年初结转结余，报告没有年初结转结余（budget.opening_balance）"
    end
    return b.planned + ob, string.format("（全年预算数 %s + 年初结转结余 %s）", tostring(b.planned), tostring(ob))
  end
  return b.planned, string.format("全年预算数 %s", tostring(b.planned))
end

-- 全年预算数作分母（不论评分框架的执行率口径）：如结转结余率“结转结余总额 ÷ 支出预算数”。
-- 返回分母和它的说明，与 rate_base 的形式相同。
function M.planned_base(b)
  return b.planned, string.format("全年预算数 %s", tostring(b.planned))
end

return M

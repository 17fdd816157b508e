-- 结转结余率（“履职效能 + 管理效率”框架中属“管理效率/预算执行”）。
-- 结转结余率 = 年末结转和结余 ÷ 全年预算数 × 100%：财预〔2013〕53号附件2“结转结余率=结转结余总额/支出
-- 预算数×100%”。分母不加年初结转结余，即使评分框架的执行率加上它（湖南“预算完成率”的分母含年初结转
-- 结余，但湖南表按 53号编排，结转结余率仍是 53号的公式）。

local P = params {
  max_rate = 5,       -- 结转结余率不超过多少（%）不扣分
  per_point = 0.1,    -- 每超过 1 个百分点扣分（分）
  max_points = 1,     -- 本项最多扣分（分），扣完为止
  count = "floor",    -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
  step = 1,          -- 每几个百分点为一档，每档扣 per_point 分（百分点；各地“每低于 5% 扣 2 分”即 5）
}

local budget = require("std.budget")
local dept = require("std.dept")

rule {
  id = "dept.budget.carryover-rate",
  title = "结转结余率",
  severity = "warning",
  kinds = { "department" },
  concept = "结转结余率",
  needs = { "budget.planned", "budget.carryover" },
  policy = string.format("结转结余率 = 年末结转和结余 ÷ 全年预算数 × 100%%。结转结余率不超过 %s%% 的不扣分；"
    .. "每超过 %s 个百分点扣 %s 分，最多扣 %s 分。", P.max_rate, P.step, P.per_point, P.max_points),
  reference = "《财政部关于印发〈预算绩效评价共性指标体系框架〉的通知》（财预〔2013〕53号）附件2：结转结余率"
    .. "=结转结余总额/支出预算数×100%；《中华人民共和国预算法》第四十二条（结转结余资金管理）；"
    .. "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）",
  check = function(r)
    dept.budget_rate(r, P, {
      part = "carryover", limit = "max_rate", over = true, base = budget.planned_base,
      reason = "结转结余率 %s（年末结转和结余 %s ÷ %s），超过 %s%%",
    })
  end,
}

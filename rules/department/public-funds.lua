-- 公用经费控制率（“履职效能 + 管理效率”框架中属“管理效率/运行成本”）。

local P = params {
  max_rate = 100,     -- 控制率不超过多少（%）不扣分
  per_point = 0.2,    -- 每超过 1 个百分点扣分（分）
  max_points = 2,     -- 本项最多扣分（分），扣完为止
  count = "floor",    -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
  step = 1,          -- 每几个百分点为一档，每档扣 per_point 分（百分点；各地“每低于 5% 扣 2 分”即 5）
}

local dept = require("std.dept")

rule {
  id = "dept.cost.public-funds",
  title = "公用经费控制率",
  severity = "warning",
  kinds = { "department" },
  concept = "公用经费控制率",
  needs = { ["facts.public_funds"] = "公用经费预算数与实际支出数" },
  policy = string.format("公用经费控制率 = 公用经费实际支出数 ÷ 公用经费预算数 × 100%%。控制率不超过 %s%% 的"
    .. "不扣分；每超过 %s 个百分点扣 %s 分，最多扣 %s 分。数据写在 facts.public_funds: {budget, actual}。",
    P.max_rate, P.step, P.per_point, P.max_points),
  reference = "《党政机关厉行节约反对浪费条例》（中共中央、国务院 2013 年印发）：从严控制一般性支出，"
    .. "降低行政成本",
  check = function(r)
    dept.control_rate(r, P, "public_funds", "公用经费")
  end,
}

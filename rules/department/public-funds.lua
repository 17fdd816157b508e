-- 管理效率/运行成本：公用经费控制率。

local P = params {
  max_rate = 100,     -- 控制率不超过多少（%）不扣分
  per_point = 0.2,    -- 每超过 1 个百分点扣分（分）
  max_points = 2,     -- 本项最多扣分（分），扣完为止
  count = "floor",    -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
}

local dept = require("std.dept")

rule {
  id = "dept.cost.public-funds",
  title = "公用经费控制率",
  severity = "warning",
  kinds = { "department" },
  indicator = "运行成本",
  policy = string.format("公用经费控制率 = 公用经费实际支出数 ÷ 公用经费预算数 × 100%%。控制率不超过 %s%% 的"
    .. "不扣分；每超过 1 个百分点扣 %s 分，最多扣 %s 分。数据写在 facts.public_funds: {budget, actual}。",
    P.max_rate, P.per_point, P.max_points),
  reference = "《党政机关厉行节约反对浪费条例》（中共中央、国务院 2013 年印发）：从严控制一般性支出，"
    .. "降低行政成本",
  check = function(r)
    if not dept.applies(r) then
      unverified("报告不按本评分框架编制")
      return
    end
    local rec, v = dept.record(r, "public_funds", { "budget", "actual" })
    if rec == nil then
      unverified(v)
      return
    end
    local reason
    local points = dec(0)
    if v.budget > 0 then
      local rate = percent(v.actual, v.budget)
      points = dept.per_point(rate - dec(P.max_rate), P.per_point, P.max_points, P.count)
      reason = string.format("公用经费控制率 %s（实际支出 %s ÷ 预算 %s），超过 %s%%", dept.pct(rate),
        tostring(v.actual), tostring(v.budget), P.max_rate)
    elseif v.actual > 0 then
      points = dec(P.max_points)
      reason = string.format("公用经费预算为 0，却支出 %s", tostring(v.actual))
    end
    dept.settle(r, "运行成本", points, reason or "", rec, "actual")
  end,
}

-- 管理效率/运行成本：“三公”经费控制率。
-- 黄埔区科技局 2022 年自评：“严控‘三公’经费支出与一般性支出，公用经费控制率、‘三公’经费控制率均达标”。

local P = params {
  max_rate = 100,     -- 控制率不超过多少（%）不扣分
  per_point = 0.2,    -- 每超过 1 个百分点扣分（分）
  max_points = 2,     -- 本项最多扣分（分），扣完为止
  count = "floor",    -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
}

local dept = require("std.dept")

rule {
  id = "dept.cost.three-public",
  title = "“三公”经费控制率",
  severity = "warning",
  kinds = { "department" },
  indicator = "运行成本",
  policy = string.format("“三公”经费（因公出国（境）费、公务用车购置及运行费、公务接待费）控制率 = "
    .. "“三公”经费实际支出数 ÷ “三公”经费预算数 × 100%%。控制率不超过 %s%% 的不扣分；"
    .. "每超过 1 个百分点扣 %s 分，最多扣 %s 分。数据写在 facts.three_public: {budget, actual}。",
    P.max_rate, P.per_point, P.max_points),
  reference = "《党政机关厉行节约反对浪费条例》（中共中央、国务院 2013 年印发）：严格控制因公出国（境）、"
    .. "公务用车购置及运行、公务接待等经费支出",
  check = function(r)
    if not dept.applies(r) then
      unverified("报告不按本评分框架编制")
      return
    end
    local rec, v = dept.record(r, "three_public", { "budget", "actual" })
    if rec == nil then
      unverified(v)
      return
    end
    local reason
    local points = dec(0)
    if v.budget > 0 then
      local rate = percent(v.actual, v.budget)
      points = dept.per_point(rate - dec(P.max_rate), P.per_point, P.max_points, P.count)
      reason = string.format("“三公”经费控制率 %s（实际支出 %s ÷ 预算 %s），超过 %s%%", dept.pct(rate),
        tostring(v.actual), tostring(v.budget), P.max_rate)
    elseif v.actual > 0 then
      points = dec(P.max_points)
      reason = string.format("“三公”经费预算为 0，却支出 %s", tostring(v.actual))
    end
    dept.settle(r, "运行成本", points, reason or "", rec, "actual")
  end,
}

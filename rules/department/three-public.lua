-- “三公”经费控制率（“履职效能 + 管理效率”框架中属“管理效率/运行成本”）。
-- 黄埔区科技局 2022 年自评：“严控‘三公’经费支出与一般性支出，公用经费控制率、‘三公’经费控制率均达标”。

local P = params {
  max_rate = 100,     -- 控制率不超过多少（%）不扣分
  per_point = 0.2,    -- 每超过 1 个百分点扣分（分）
  max_points = 2,     -- 本项最多扣分（分），扣完为止
  count = "floor",    -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
  step = 1,          -- 每几个百分点为一档，每档扣 per_point 分（百分点；各地“每低于 5% 扣 2 分”即 5）
}

local dept = require("std.dept")

rule {
  id = "dept.cost.three-public",
  title = "“三公”经费控制率",
  severity = "warning",
  kinds = { "department" },
  concept = "“三公经费”控制率",
  needs = { ["facts.three_public"] = "“三公”经费预算数与实际支出数" },
  policy = string.format("“三公”经费（因公出国（境）费、公务用车购置及运行费、公务接待费）控制率 = "
    .. "“三公”经费实际支出数 ÷ “三公”经费预算数 × 100%%。控制率不超过 %s%% 的不扣分；"
    .. "每超过 %s 个百分点扣 %s 分，最多扣 %s 分。数据写在 facts.three_public: {budget, actual}。",
    P.max_rate, P.step, P.per_point, P.max_points),
  reference = "《党政机关厉行节约反对浪费条例》（中共中央、国务院 2013 年印发）：严格控制因公出国（境）、"
    .. "公务用车购置及运行、公务接待等经费支出",
  check = function(r)
    dept.control_rate(r, P, "three_public", "“三公”经费")
  end,
}

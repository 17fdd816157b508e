-- 预算执行率：预算执行率 = 全年执行数 ÷ 全年预算数 × 100%，低于标准的按百分点扣分。
-- 评分框架把年初结转结余计入执行率的（rate_includes_opening_balance），分母再加年初结转结余。

local P = params {
  full_rate = 100,    -- 执行率达到多少（%）不扣分
  per_point = 0.1,    -- 每低 1 个百分点扣分（分）
  max_points = 2,     -- 本项最多扣分（分），扣完为止
  count = "floor",    -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
  step = 1,          -- 每几个百分点为一档，每档扣 per_point 分（百分点；各地“每低于 5% 扣 2 分”即 5）
}

local dept = require("std.dept")

rule {
  id = "dept.budget.execution-rate",
  title = "预算执行率（部门整体）",
  severity = "warning",
  kinds = { "department" },
  concept = "预算执行率",
  needs = { "budget.planned", "budget.executed" },
  policy = string.format("预算执行率 = 全年执行数 ÷ 全年预算数 × 100%%（评分框架把年初结转结余计入执行率的，"
    .. "分母为全年预算数 + 年初结转结余）。执行率达到 %s%% 的不扣分；"
    .. "每低 %s 个百分点扣 %s 分，最多扣 %s 分。", P.full_rate, P.step, P.per_point, P.max_points),
  reference = "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）：对绩效目标实现程度和"
    .. "预算执行进度实行“双监控”；《项目支出绩效评价管理办法》（财预〔2020〕10号）：预算执行率",
  check = function(r)
    dept.budget_rate(r, P, {
      part = "executed", limit = "full_rate", over = false,
      reason = "预算执行率 %s（执行数 %s ÷ %s），低于 %s%%",
    })
  end,
}

-- 预算调整率（“履职效能 + 管理效率”框架中属“管理效率/预算执行”）。
-- 预算调整率 = （全年预算数 − 年初预算数 − 不计入调整的金额）的绝对值 ÷ 年初预算数 × 100%。

local P = params {
  max_rate = 10,      -- 预算调整率不超过多少（%）不扣分
  per_point = 0.1,    -- 每超过 1 个百分点扣分（分）
  max_points = 1,     -- 本项最多扣分（分），扣完为止
  count = "floor",    -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
  step = 1,          -- 每几个百分点为一档，每档扣 per_point 分（百分点；各地“每低于 5% 扣 2 分”即 5）
}

local dept = require("std.dept")

rule {
  id = "dept.budget.adjustment-rate",
  title = "预算调整率",
  severity = "warning",
  kinds = { "department" },
  concept = "预算调整率",
  needs = { "budget.initial", "budget.planned" },
  policy = string.format("预算调整率 = |全年预算数 − 年初预算数 − 不计入调整的金额| ÷ 年初预算数 × 100%%"
    .. "（因落实国家政策、上级追加等不计入调整的金额写在 facts.budget_adjustment.excluded）。"
    .. "调整率不超过 %s%% 的不扣分；每超过 %s 个百分点扣 %s 分，最多扣 %s 分。",
    P.max_rate, P.step, P.per_point, P.max_points),
  reference = "《中华人民共和国预算法》第十三条：经人民代表大会批准的预算，非经法定程序，不得调整；"
    .. "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）：硬化预算约束",
  check = function(r)
    local b = r.budget
    if b.initial <= 0 then
      finding("年初预算数为 0，无法计算预算调整率", b, "initial")
      unverified("年初预算数为 0")
      return
    end
    local excluded = dec(0)
    local adj = (r.facts or {}).budget_adjustment
    if adj ~= nil then
      local rec, values = dept.record(r, "budget_adjustment", { "excluded" })
      if rec == nil then
        unverified(values)
        return
      end
      excluded = values.excluded
    end
    local change = b.planned - b.initial
    local counted = change - excluded
    if counted < 0 then
      counted = -counted
    end
    local rate = percent(counted, b.initial)
    local points = dept.points_over(rate, P.max_rate, P)
    if points <= 0 then
      return
    end
    local over = dec(P.max_rate):eq(0) and "" or string.format("，超过 %s%%", P.max_rate)
    dept.settle(points, string.format("预算调整率 %s（全年预算数 %s，年初预算数 %s%s）%s",
      dept.pct(rate), tostring(b.planned), tostring(b.initial),
      excluded:eq(0) and "" or "，不计入调整 " .. tostring(excluded), over), b, "planned")
  end,
}

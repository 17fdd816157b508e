-- 政府采购执行率（“履职效能 + 管理效率”框架中为“管理效率/采购管理”）。

local P = params {
  full_rate = 100,    -- 执行率达到多少（%）不扣分
  per_point = 0.1,    -- 每低 1 个百分点扣分（分）
  max_points = 5,     -- 本项最多扣分（分），扣完为止
  count = "floor",    -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
  step = 1,          -- 每几个百分点为一档，每档扣 per_point 分（百分点；各地“每低于 5% 扣 2 分”即 5）
}

local dept = require("std.dept")

rule {
  id = "dept.procurement.execution-rate",
  title = "政府采购执行率",
  severity = "warning",
  kinds = { "department" },
  concept = "政府采购执行率",
  needs = { ["facts.procurement"] = "政府采购预算与执行金额" },
  policy = string.format("政府采购执行率 = 实际政府采购金额 ÷ 政府采购预算（计划）金额 × 100%%。执行率达到 %s%% 的"
    .. "不扣分；每低 %s 个百分点扣 %s 分，最多扣 %s 分。数据写在 facts.procurement: {planned, executed}。",
    P.full_rate, P.step, P.per_point, P.max_points),
  reference = "《中华人民共和国政府采购法》第六条：政府采购应当严格按照批准的预算执行；第三十三条（政府采购预算编制）",
  check = function(r)
    local rec, v = dept.record(r, "procurement", { "planned", "executed" })
    if rec == nil then
      unverified(v)
      return
    end
    if v.planned <= 0 then
      -- 没有政府采购预算：本项无从扣分
      return
    end
    local rate = percent(v.executed, v.planned)
    local points = dept.points_under(rate, P.full_rate, P)
    dept.settle(points, string.format("政府采购执行率 %s（实际采购 %s ÷ 采购预算 %s），低于 %s%%",
      dept.pct(rate), tostring(v.executed), tostring(v.planned), P.full_rate), rec, "executed")
  end,
}

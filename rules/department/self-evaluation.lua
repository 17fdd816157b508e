-- 绩效自评：项目支出绩效自评覆盖率（“履职效能 + 管理效率”框架中为“管理效率/绩效管理”）。
-- 黄埔区科技局 2022 年自评：“组织对 2022 年度 33 个一般公共预算项目支出开展绩效自评……
-- 占一般公共预算项目支出总额的 100%”。

local P = params {
  full_rate = 100,    -- 自评覆盖率达到多少（%）不扣分
  per_point = 0.2,    -- 每低 1 个百分点扣分（分）
  max_points = 5,     -- 本项最多扣分（分），扣完为止
  count = "ceil",     -- 不足 1 个百分点的部分：floor 不扣，ceil 按 1 个百分点扣，exact 按实际折算
  step = 1,          -- 每几个百分点为一档，每档扣 per_point 分（百分点；各地“每低于 5% 扣 2 分”即 5）
}

local dept = require("std.dept")

rule {
  id = "dept.performance.self-evaluation",
  title = "项目支出绩效自评应全覆盖",
  severity = "warning",
  kinds = { "department" },
  concept = "绩效自评",
  needs = { ["facts.self_evaluation"] = "项目支出绩效自评覆盖情况" },
  policy = string.format("单位自评的对象包括纳入政府预算管理的所有项目支出。自评覆盖率 = 已开展绩效自评的项目数 ÷ "
    .. "项目总数 × 100%%，达到 %s%% 的不扣分；每低 %s 个百分点扣 %s 分，最多扣 %s 分。"
    .. "数据写在 facts.self_evaluation: {projects, evaluated}。", P.full_rate, P.step, P.per_point, P.max_points),
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：单位自评的对象包括纳入政府预算管理的所有项目支出；"
    .. "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）",
  check = function(r)
    local rec, v = dept.record(r, "self_evaluation", { "projects", "evaluated" })
    if rec == nil then
      unverified(v)
      return
    end
    if v.evaluated > v.projects then
      finding{ severity = "error", at = rec, field = "evaluated", message = string.format(
        "已开展自评的项目数 %s 多于项目总数 %s", tostring(v.evaluated), tostring(v.projects)) }
      unverified("自评覆盖数据不一致")
      return
    end
    if v.projects <= 0 then
      return -- 没有应开展自评的项目：本项无从扣分
    end
    local rate = percent(v.evaluated, v.projects)
    local points = dept.points_under(rate, P.full_rate, P)
    dept.settle(points, string.format("项目支出绩效自评覆盖率 %s（%s 个项目中 %s 个开展了自评），低于 %s%%",
      dept.pct(rate), tostring(v.projects), tostring(v.evaluated), P.full_rate), rec, "evaluated")
  end,
}

-- 事前绩效评估：新增项目应开展事前绩效评估（“履职效能 + 管理效率”框架中为“管理效率/预算编制”）。
-- 黄埔区科技局 2022 年自评：“新增预算项目均按规定开展事前绩效评估”。

local P = params {
  points = 0.5,       -- 每一个新增项目未开展事前绩效评估扣分（分）
  max_points = 3,     -- 本项最多扣分（分），扣完为止
}

local dept = require("std.dept")

rule {
  id = "dept.preparation.ex-ante",
  title = "新增项目应开展事前绩效评估",
  severity = "warning",
  kinds = { "department" },
  concept = "事前绩效评估",
  needs = { ["facts.ex_ante"] = "新增项目事前绩效评估情况" },
  policy = string.format("新出台重大政策、新增项目应开展事前绩效评估，评估结果作为申请预算的必备要件。"
    .. "每有一个新增项目未开展事前绩效评估扣 %s 分，最多扣 %s 分。"
    .. "数据写在 facts.ex_ante: {new_projects, assessed}（新增项目数、已开展事前绩效评估的项目数）。",
    P.points, P.max_points),
  reference = "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）：建立绩效评估机制，"
    .. "对新出台重大政策、项目开展事前绩效评估",
  check = function(r)
    local rec, v = dept.record(r, "ex_ante", { "new_projects", "assessed" })
    if rec == nil then
      unverified(v)
      return
    end
    if v.assessed > v.new_projects then
      finding{ severity = "error", at = rec, field = "assessed", message = string.format(
        "已开展事前绩效评估的项目数 %s 多于新增项目数 %s", tostring(v.assessed), tostring(v.new_projects)) }
      unverified("事前绩效评估数据不一致")
      return
    end
    local missing = v.new_projects - v.assessed
    local points = missing * dec(P.points)
    if points > dec(P.max_points) then
      points = dec(P.max_points)
    end
    dept.settle(points, string.format("新增项目 %s 个，其中 %s 个未开展事前绩效评估",
      tostring(v.new_projects), tostring(missing)), rec, "assessed")
  end,
}

-- 未达成的绩效指标不得自评满分。

local T = require("std.targets")

rule {
  id = "target.full-score-unmet",
  title = "未达成的绩效指标不得自评满分",
  severity = "error",
  kinds = { "department", "project" },
  policy = "绩效指标未达到目标值（或自报未达成、无法评定）的，不得记该指标的全部分值：定量指标按完成值与"
    .. "指标值的比例记分，定性指标按完成档次记分，无法评定的不得分。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：未完成指标值的，按照完成值与指标值的比例记分",
  check = function(r)
    for i, t in ipairs(r.targets or {}) do
      local points = t.points
      local score = points ~= nil and t.score
      if score and T.unmet(t) and score >= points then
        local why
        if t.status == "unassessable" then
          why = "无法评定"
        else
          why = string.format("未达成（目标值 %s，实际值 %s）", T.target_text(t), T.actual_text(t))
        end
        finding(string.format("绩效指标“%s”%s，却自评满分 %s 分", T.name(t, i), why, tostring(score)), t, "score")
      end
    end
  end,
}

-- 已达成的绩效指标扣分须说明原因。

local T = require("std.targets")

rule {
  id = "target.met-deducted",
  title = "已达成的绩效指标扣分须说明原因",
  severity = "error",
  kinds = { "department", "project" },
  policy = "完成指标值的，记该指标所赋全部分值。已达到目标值的绩效指标自评得分低于分值的，应说明原因"
    .. "（reason），例如年初指标值设定明显偏低、按偏离度调减分值。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：完成指标值的，记该指标所赋全部分值；"
    .. "对完成值高于指标值较多的，要分析原因，由于年初指标值设定明显偏低造成的，要按照偏离度适度调减分值",
  check = function(r)
    for i, t in ipairs(r.targets or {}) do
      local points = t.points
      local score = points ~= nil and t.score
      if score and T.fully_met(t) and score < points and not T.has_reason(t) then
        finding(string.format("绩效指标“%s”已达到目标（目标值 %s，实际值 %s），自评 %s 分低于分值 %s 分，"
          .. "但没有说明扣分原因（reason）", T.name(t, i), T.target_text(t), T.actual_text(t), tostring(score),
          tostring(points)), t, "score")
      end
    end
  end,
}

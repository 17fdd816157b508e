-- 绩效指标自报的完成状态（status）应与目标值、实际值相符。

local T = require("std.targets")

rule {
  id = "target.status",
  title = "完成状态应与目标值、实际值相符",
  severity = "error",
  kinds = { "department", "project" },
  policy = "绩效指标自报的完成状态应与目标值、实际完成值一致：声称达成（met）的，实际值应达到目标值；"
    .. "声称未达成（not_met）的，实际值应未达到目标值；实际值为空的，应标为无法评定（unassessable）"
    .. "并说明原因，标为无法评定的不应再填实际值；定量目标的实际值应是数字（“超过3400家”应按下限录为 3400）。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：单位自评内容包括各项绩效指标完成情况，"
    .. "对未完成绩效目标或偏离绩效目标较大的要分析并说明原因",
  check = function(r)
    -- 消息只在报告发现时才拼写：多数绩效指标没有问题，不必为每一项格式化目标值、实际值。
    for i, t in ipairs(r.targets or {}) do
      local status, actual = t.status, t.actual
      if actual == nil then
        -- 表格中实际值一栏空着（未填写）的，pevcheck 已报告一次，这里不再要求标为无法评定
        if status ~= "unassessable" and not (t.blank and t.blank.actual) then
          finding(string.format("绩效指标“%s”的实际值为空（未能评定），应将 status 写为 unassessable 并说明原因",
            T.name(t, i)), t, "status")
        end
      elseif status == "unassessable" then
        finding(string.format("绩效指标“%s”标为无法评定（unassessable），却填写了实际值 %s", T.name(t, i),
          T.actual_text(t)), t, "status")
      elseif T.quantitative(t) and t.actual_word ~= nil then
        -- 无法核验，不是错：“≥3年”对“长期”
        finding{ severity = "warning", message = string.format("绩效指标“%s”的目标值是数字（%s），实际值“%s”却是文字，"
          .. "无法比较；写“超过”“突破”的，请按下限录为数字并在注释中说明", T.name(t, i), T.target_text(t), t.actual_word),
          at = t, field = "actual" }
      elseif status == "met" and t.met == false then
        finding(string.format("绩效指标“%s”自报达成（met），但目标值 %s，实际值 %s，未达到目标", T.name(t, i),
          T.target_text(t), T.actual_text(t)), t, "status")
      elseif status == "not_met" and t.met == true then
        finding(string.format("绩效指标“%s”自报未达成（not_met），但目标值 %s，实际值 %s，已达到目标", T.name(t, i),
          T.target_text(t), T.actual_text(t)), t, "status")
      end
    end
  end,
}

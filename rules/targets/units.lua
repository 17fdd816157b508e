-- 目标值与实际值的计量单位应一致。

local T = require("std.targets")

rule {
  id = "target.units",
  title = "目标值与实际值的计量单位应一致",
  severity = "error",
  kinds = { "department", "project" },
  policy = "绩效指标的目标值与实际完成值应使用同一计量单位，才能比较和计分。货币单位（元、万元、亿元等）"
    .. "自动换算（72890元 与 7.289万元 相同）；其他单位（家、人、次、%）必须相同。",
  reference = "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）："
    .. "绩效指标应明确指标值及其计量单位",
  check = function(r)
    for i, t in ipairs(r.targets or {}) do
      if t.units_agree == false then
        local goal_unit = t.goal_unit or t.unit or "（无单位）"
        local actual_unit = t.actual_unit or goal_unit
        local detail
        if actual_unit ~= goal_unit then
          detail = string.format("目标值单位“%s”，实际值单位“%s”", goal_unit, actual_unit)
        else
          detail = string.format("目标值单位“%s”，指标的计量单位（unit）却是“%s”", tostring(t.goal_unit),
            tostring(t.unit))
        end
        finding(string.format("绩效指标“%s”的目标值（%s）与实际值（%s）单位不一致：%s；请统一计量单位",
          T.name(t, i), T.target_text(t), T.actual_text(t), detail), t, "actual")
      end
    end
  end,
}

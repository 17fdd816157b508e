-- 未完成或无法评定的绩效指标必须说明偏差原因。

rule {
  id = "target.reason",
  title = "未完成的绩效指标须说明原因",
  severity = "error",
  kinds = { "department", "project" },
  policy = "绩效指标未达到目标值，或无法评定的，应说明偏差原因（reason）。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：绩效自评表“偏差原因分析及改进措施”",
  check = function(r)
    for _, t in ipairs(r.targets or {}) do
      local short = t.status == "not_met" or t.status == "unassessable" or t.met == false
      if short and (t.reason == nil or t.reason == "") then
        local why = t.status == "unassessable" and "无法评定" or "未达到目标值"
        finding(string.format("绩效指标“%s”%s，但没有说明原因（reason）", t.name or "?", why), t)
      end
    end
  end,
}

-- 等级应与总分所在的分数段一致。

rule {
  id = "score.grade",
  title = "等级应与总分相符",
  severity = "error",
  kinds = { "department", "project" },
  policy = "绩效评价结果按总分划分等级：90 分（含）以上为“优”，80（含）至 90 分为“良”，"
    .. "60（含）至 80 分为“中”，60 分以下为“差”。报告写了自评等级的，应与自评总分所在的分数段一致"
    .. "（国家自评表没有等级一栏：不写等级不是问题，pevcheck 给出按总分算出的等级）。"
    .. "分数段可在规则集的 ruleset.yaml 或评分框架文件中调整。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十七条",
  check = function(r)
    local scores = r.scores
    if scores == nil or scores.total == nil or scores.grade == nil then
      return
    end
    local expected = grade_for(scores.total)
    if scores.grade ~= expected then
      finding(string.format("等级为“%s”，但总分 %s 对应的等级是“%s”", scores.grade, tostring(scores.total),
        expected or "（无对应等级）"), scores, "grade")
    end
  end,
}

-- 总分应等于各一级指标得分之和。

rule {
  id = "score.total",
  title = "总分应等于一级指标得分之和",
  severity = "error",
  kinds = { "department", "project" },
  policy = "评分表的总分应等于各一级指标自评得分之和（按总分所写的小数位数四舍五入后比较）。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）",
  check = function(r)
    local scores = r.scores
    if scores == nil or scores.total == nil or scores.indicators == nil then
      return
    end
    local total, count = sum(scores.indicators, "score")
    if count < #scores.indicators then
      return -- a missing score is reported by score.range
    end
    local same = same_at_precision(scores.total, total)
    if not same then
      finding(string.format("总分为 %s，但一级指标得分之和为 %s", tostring(scores.total), tostring(total)),
        scores, "total")
    end
  end,
}

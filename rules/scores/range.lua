-- 每个指标的自评得分应在 0 到满分之间。

rule {
  id = "score.range",
  title = "指标得分应在 0 与满分之间",
  severity = "error",
  kinds = { "department", "project" },
  policy = "评分表中每个指标的自评得分不得为负，也不得超过该指标的满分。（没有印出得分的上级指标，"
    .. "其得分为下级之和；表格中空着的得分，pevcheck 按“未填写”报告一次。）",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）",
  check = function(r)
    local function walk(list)
      for _, ind in ipairs(list) do
        local score, max = ind.score, ind.max
        if score ~= nil and score < 0 then
          finding(string.format("指标“%s”的自评得分 %s 为负数", ind.path, tostring(score)), ind, "score")
        elseif score ~= nil and max ~= nil and score > max then
          finding(string.format("指标“%s”的自评得分 %s 超过满分 %s", ind.path, tostring(score), tostring(max)),
            ind, "score")
        end
        local children = ind.children
        if children ~= nil then
          walk(children)
        end
      end
    end
    walk((r.scores or {}).indicators or {})
  end,
}

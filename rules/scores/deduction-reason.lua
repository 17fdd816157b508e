-- 自评扣分必须说明原因。

rule {
  id = "score.deduction-reason",
  title = "扣分须说明原因",
  severity = "error",
  kinds = { "department", "project" },
  policy = "评分表中自评扣分的每一项都应写明扣分原因（reason）；"
    .. "得分低于满分的指标应至少有一条扣分说明。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：绩效自评应说明偏差原因",
  check = function(r)
    local function walk(list)
      for _, ind in ipairs(list) do
        local deductions, children = ind.deductions, ind.children
        local count = 0
        if deductions ~= nil then
          for i, d in ipairs(deductions) do
            local reason = d.reason
            if reason == nil or reason == "" then
              finding(string.format("指标“%s”的第 %d 条扣分没有写明原因（reason）", ind.path, i), deductions, i)
            end
          end
          count = #deductions
        end
        if children == nil or #children == 0 then
          local score, max = ind.score, ind.max
          if score ~= nil and max ~= nil and score < max and count == 0 then
            finding(string.format("指标“%s”得分 %s 低于满分 %s，但没有扣分说明（deductions）",
              ind.path, tostring(score), tostring(max)), ind, "score")
          end
        else
          walk(children)
        end
      end
    end
    walk((r.scores or {}).indicators or {})
  end,
}

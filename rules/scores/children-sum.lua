-- 评分表自身的算术：上级指标得分应等于下级指标得分之和。

rule {
  id = "score.children-sum",
  title = "下级指标得分之和应等于上级指标得分",
  severity = "error",
  kinds = { "department", "project" },
  policy = "评分表中每个有下级指标的指标，其自评得分应等于各下级指标自评得分之和"
    .. "（按上级得分所写的小数位数四舍五入后比较）；满分同理。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件：评价指标体系",
  check = function(r)
    local function walk(list)
      for _, ind in ipairs(list or {}) do
        local children = ind.children
        if children and #children > 0 then
          for _, field in ipairs({ "score", "max" }) do
            local stated = ind[field]
            local total, count = sum(children, field)
            if stated ~= nil and count == #children then
              local same = same_at_precision(stated, total)
              if not same then
                finding(string.format("指标“%s”的%s为 %s，但下级指标%s之和为 %s",
                  ind.path, field == "score" and "自评得分" or "满分", tostring(stated),
                  field == "score" and "得分" or "满分", tostring(total)), ind, field)
              end
            end
          end
          walk(children)
        end
      end
    end
    walk((r.scores or {}).indicators)
  end,
}

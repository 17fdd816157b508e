-- 评分表自身的算术：上级指标得分应等于下级指标得分之和。

-- 核对的两项：字段、上级的称呼、下级的称呼。
local FIELDS = {
  { "score", "自评得分", "得分" },
  { "max", "满分", "满分" },
}

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
      for _, ind in ipairs(list) do
        local children = ind.children
        local n = children and #children or 0
        if n > 0 then
          for _, f in ipairs(FIELDS) do
            local field = f[1]
            local stated = ind[field]
            local total, count = sum(children, field)
            if stated ~= nil and count == n then
              local same = same_at_precision(stated, total)
              if not same then
                finding(string.format("指标“%s”的%s为 %s，但下级指标%s之和为 %s",
                  ind.path, f[2], tostring(stated), f[3], tostring(total)), ind, field)
              end
            end
          end
          walk(children)
        end
      end
    end
    walk((r.scores or {}).indicators or {})
  end,
}

-- 绩效指标所属的评分指标应存在；其下各项绩效指标的分值之和应等于该评分指标的满分。

local T = require("std.targets")

rule {
  id = "target.indicator-points",
  title = "绩效指标的分值之和应等于所属评分指标的满分",
  severity = "error",
  kinds = { "department", "project" },
  policy = "绩效指标写了所属评分指标（indicator）的，该指标应在评分表中；同一评分指标下的绩效指标"
    .. "应都写明分值（points），分值之和应等于该评分指标的满分（如产出指标下各三级指标分值之和为 50 分）。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：二级和三级指标的权重应根据指标重要程度、"
    .. "项目实施阶段等因素综合确定；单位自评结果主要通过项目支出绩效自评表反映，做到权重合理",
  check = function()
    local groups, unknown = targets_by_indicator()
    for _, m in ipairs(unknown) do
      finding(string.format("绩效指标“%s”所属的评分指标“%s”在评分表中不存在（或名称不唯一，请写完整路径）",
        T.name(m.target, m.index), m.target.indicator), m.target, "indicator")
    end
    for _, g in ipairs(groups) do
      -- 没有分值的绩效指标先记下，名称在报告发现时才拼写
      local with, without = {}, {}
      for _, m in ipairs(g.targets) do
        local points = m.target.points
        if points ~= nil then
          with[#with + 1] = points
        else
          without[#without + 1] = m
        end
      end
      if #with > 0 and #without > 0 then
        local names = {}
        for k, m in ipairs(without) do
          names[k] = T.name(m.target, m.index)
        end
        finding{ severity = "warning", at = without[1].target,
          message = string.format("评分指标“%s”下的绩效指标有的写了分值，有的没有（没有分值的：%s）；无法按绩效指标计算该指标得分",
            g.path, table.concat(names, "、")) }
      elseif #with > 0 then
        local max = g.indicator.max
        local total = max ~= nil and sum(with)
        if total and not total:eq(max) then
          finding(string.format("评分指标“%s”满分 %s 分，其下 %d 项绩效指标的分值之和为 %s 分", g.path,
            tostring(max), #with, tostring(total)), g.indicator, "max")
        end
      end
    end
  end,
}

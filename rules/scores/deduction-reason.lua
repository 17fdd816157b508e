-- 自评扣分必须说明原因。按公式计分（如预算执行率 = 执行率 × 分值）、按分档计分或由绩效指标得分
-- 汇总的指标，得分由计算而来，不另写扣分原因（绩效指标的偏差原因写在 targets[].reason）。

-- 评分框架中各指标的计分方法：路径 → method，名称 → method。框架的数据在运行中不变，按框架名称记下。
local methods_of = {}

local function methods(fw)
  if fw == nil then
    return nil
  end
  local m = methods_of[fw.name]
  if m == nil then
    m = { by_path = {}, by_name = {} }
    local function walk(nodes)
      for _, n in ipairs(nodes) do
        if n.method ~= nil then
          m.by_path[n.path] = n.method
          m.by_name[n.name] = n.method
        end
        walk(n.children)
      end
    end
    walk(fw.indicators)
    methods_of[fw.name] = m
  end
  return m
end

-- 得分由计算而来、不写扣分原因的计分方法
local COMPUTED = { formula = true, bands = true, targets = true }

rule {
  id = "score.deduction-reason",
  title = "扣分须说明原因",
  severity = "error",
  kinds = { "department", "project" },
  policy = "评分表中自评扣分的每一项都应写明扣分原因（reason）；得分低于满分的指标应至少有一条扣分说明。"
    .. "评分框架规定按公式、按分档计分或由绩效指标得分汇总的指标除外（其偏差原因写在绩效指标中）。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：绩效自评应说明偏差原因",
  check = function(r)
    local m = methods(framework())
    -- 有计分的绩效指标（targets，写了分值）汇总到的评分指标
    local fed = {}
    for _, t in ipairs(r.targets or {}) do
      if t.indicator ~= nil and t.points ~= nil then
        fed[t.indicator] = true
      end
    end
    local function computed(ind)
      if fed[ind.path] or fed[ind.name] then
        return true
      end
      local method = m and (m.by_path[ind.path] or m.by_name[ind.name])
      return method ~= nil and COMPUTED[method] == true
    end
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
          if score ~= nil and max ~= nil and score < max and count == 0 and not computed(ind) then
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

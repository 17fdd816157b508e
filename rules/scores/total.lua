-- 总分应等于各一级指标得分之和。
--
-- 全国项目支出绩效自评表（财预〔2020〕10号 附件2）只在“项目资金”栏（预算执行率）和三级指标
-- （绩效指标）一行印得分，一级、二级指标不印。这时一级指标的自评得分按其下级指标、再按计入它的
-- 绩效指标的自评得分相加；有一处没有得分的，不核对（空格由 pev.blank、score.range 报告）。

-- 指标 ind 的自评得分：印了就用印的；否则为下级指标之和；没有下级的，为计入它的绩效指标的得分之和
-- （used 记下用到的绩效指标个数）。无从得知时为 nil。
local function claimed(ind, targets_of, used)
  if ind.score ~= nil then
    return ind.score
  end
  local children = ind.children
  if children ~= nil and #children > 0 then
    local total = dec(0)
    for _, child in ipairs(children) do
      local v = claimed(child, targets_of, used)
      if v == nil then
        return nil
      end
      total = total + v
    end
    return total
  end
  local entries = targets_of[ind.path]
  if entries == nil then
    return nil
  end
  local total = dec(0)
  for _, e in ipairs(entries) do
    local score = e.target.score
    if not is_decimal(score) then
      return nil
    end
    total = total + score
    used.count = used.count + 1
  end
  return total
end

-- 一级指标没有印得分时，由下级指标和绩效指标相加的总分；无从得知，或有自评得分的绩效指标没有
-- 计入任何指标（它的得分该算在哪里不知道）时为 nil。
local function derived_total(r)
  local targets_of = {}
  for _, group in ipairs(targets_by_indicator()) do
    targets_of[group.path] = group.targets
  end
  local used, total = { count = 0 }, dec(0)
  for _, ind in ipairs(r.scores.indicators) do
    local v = claimed(ind, targets_of, used)
    if v == nil then
      return nil
    end
    total = total + v
  end
  local scored = 0
  for _, t in ipairs(r.targets or {}) do
    if is_decimal(t.score) then
      scored = scored + 1
    end
  end
  if scored ~= used.count then
    return nil
  end
  return total
end

-- 总分印得比各项得分更细（公式算出的 98.618304，各项按两位小数显示），各项印出的得分已各自四舍五入：
-- 两者之差不超过每项半个末位（n 项共 n × 0.005）就是一致的。
local function within_rounding(printed, total, addends)
  local p = total:places()
  if printed:places() <= p then
    return false
  end
  local half = dec("0." .. string.rep("0", p) .. "5") -- 半个末位：两位小数时为 0.005
  local diff = printed - total
  if diff < dec(0) then
    diff = -diff
  end
  return diff <= half * addends
end

rule {
  id = "score.total",
  title = "总分应等于一级指标得分之和",
  severity = "error",
  kinds = { "department", "project" },
  policy = "评分表的总分应等于各一级指标自评得分之和（按总分所写的小数位数四舍五入后比较；总分印得比各项"
    .. "更细的，如公式算出的 98.618304，相差不超过每项半个末位即为一致）；"
    .. "一级指标没有印得分的，按其下级指标、再按计入它的绩效指标的自评得分相加。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件2 项目支出绩效自评表：总分",
  check = function(r)
    local scores = r.scores
    if scores == nil or scores.total == nil or scores.indicators == nil then
      return
    end
    local total, count = sum(scores.indicators, "score")
    local derived = false
    if count < #scores.indicators then
      total = derived_total(r)
      if total == nil then
        return -- a missing score is reported by score.range and pev.blank
      end
      derived = true
    end
    local addends = #scores.indicators + #(r.targets or {})
    if not same_at_precision(scores.total, total) and not within_rounding(scores.total, total, addends) then
      finding(string.format(derived and "总分为 %s，但各项自评得分之和为 %s（一级指标未印得分的，按其下级指标和绩效指标的得分相加）"
          or "总分为 %s，但一级指标得分之和为 %s", tostring(scores.total), tostring(total)),
        scores, "total")
    end
  end,
}

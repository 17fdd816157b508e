-- 项目支出绩效自评表的结构：预算执行率 10 分，产出指标 50 分，效益指标 30 分，满意度指标 10 分。

local P = params {
  shape = { "预算执行率=10", "产出指标=50", "效益指标=30", "满意度指标=10" },  -- 一级指标及分值：“名称=分值”
  aliases = {                   -- 同一指标的其他写法：“写法=标准名称”
    "服务对象满意度指标=满意度指标", "服务对象满意度=满意度指标", "预算执行=预算执行率", "资金执行率=预算执行率" },
  total = 100,                  -- 一级指标满分合计
}

-- "名称=分值" 的列表 → { {name, value}, ... }
local function pairs_of(list)
  local out = {}
  for _, item in ipairs(list) do
    local a, b = string.match(item, "^%s*(.-)%s*=%s*(.-)%s*$")
    out[#out + 1] = { a or item, b }
  end
  return out
end

-- pairs_of 的结果按参数列表记下：参数在运行中不变（评分框架改写参数时是另一个列表），
-- 同一列表只解析一次，不必每份报告重新解析。
local parsed = {}

local function parsed_pairs(list)
  local out = parsed[list]
  if out == nil then
    out = pairs_of(list)
    parsed[list] = out
  end
  return out
end

local function describe()
  local parts = {}
  for _, e in ipairs(pairs_of(P.shape)) do
    parts[#parts + 1] = e[1] .. " " .. e[2] .. " 分"
  end
  return table.concat(parts, "、")
end

rule {
  id = "project.table-shape",
  title = "项目支出自评表应符合国家自评表的一级指标和分值",
  severity = "warning",
  kinds = { "project" },
  policy = "项目支出绩效自评原则上统一设置预算执行率和一级指标权重：" .. describe()
    .. "，合计 " .. tostring(P.total) .. " 分；如有特殊情况，一级指标权重可做适当调整。"
    .. "评分表的一级指标名称或分值与之不同的，提示核对（地方另有规定的可调整本规则参数）。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：原则上预算执行率和一级指标权重统一设置为："
    .. "预算执行率10%、产出指标50%、效益指标30%、服务对象满意度指标10%，如有特殊情况，一级指标权重可做适当调整",
  check = function(r)
    local indicators = (r.scores or {}).indicators
    if indicators == nil then
      return
    end
    local alias = {}
    for _, a in ipairs(parsed_pairs(P.aliases)) do
      alias[a[1]] = a[2]
    end
    local expected = parsed_pairs(P.shape)
    -- 每个一级指标的名称只读一次
    local names = {}
    for k, ind in ipairs(indicators) do
      names[k] = ind.name
    end
    local seen = {}
    for _, e in ipairs(expected) do
      local found, found_name
      for k, ind in ipairs(indicators) do
        local name = names[k]
        if name == e[1] or alias[name] == e[1] then
          found, found_name = ind, name
        end
      end
      if found == nil then
        finding(string.format("评分表缺少一级指标“%s”（国家自评表为 %s 分）", e[1], e[2]), r.scores, "indicators")
      else
        seen[found_name] = true
        if found.max ~= nil and not found.max:eq(e[2]) then
          finding(string.format("一级指标“%s”满分为 %s 分，国家自评表为 %s 分；地方另有规定的请核对", found.name,
            tostring(found.max), e[2]), found, "max")
        end
      end
    end
    local total = dec(0)
    for k, ind in ipairs(indicators) do
      if not seen[names[k]] then
        finding(string.format("一级指标“%s”不在国家自评表中（应为：%s）", ind.name, describe()), ind, "name")
      end
      if ind.max ~= nil then
        total = total + ind.max
      end
    end
    if not total:eq(P.total) then
      finding(string.format("一级指标满分合计 %s 分，应为 %s 分", tostring(total), tostring(P.total)), r.scores,
        "indicators")
    end
  end,
}

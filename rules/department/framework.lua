-- 部门整体支出评分表的结构：“履职效能 + 管理效率”框架。
-- 黄埔区科技局 2022 年自评：履职效能 50 分；管理效率 50 分，下设预算编制 3、预算执行 4、
-- 信息公开 4、绩效管理 15、采购管理 10、资产管理 10、运行成本 4。

local P = params {
  first_level = { "履职效能=50", "管理效率=50" },  -- 一级指标及分值：“名称=分值”
  parent = "管理效率",                             -- 下设二级指标的一级指标
  second_level = {                                 -- 二级指标及分值（评分表写了二级指标时才核对）
    "预算编制=3", "预算执行=4", "信息公开=4", "绩效管理=15", "采购管理=10", "资产管理=10", "运行成本=4" },
}

local dept = require("std.dept")

-- "名称=分值" 的列表 → { {name, max}, ... }
local function parse(list)
  local out = {}
  for _, item in ipairs(list) do
    local name, max = string.match(item, "^%s*(.-)%s*=%s*([%d.]+)%s*$")
    out[#out + 1] = { name = name or item, max = max and dec(max) }
  end
  return out
end

local function describe(list)
  local parts = {}
  for _, e in ipairs(parse(list)) do
    parts[#parts + 1] = e.name .. " " .. tostring(e.max) .. " 分"
  end
  return table.concat(parts, "、")
end

-- parse 的结果按参数列表记下：参数在运行中不变（评分框架改写参数时是另一个列表），
-- 同一列表只解析一次，不必每份报告重新解析。
local expected_of = dept.memo(parse)

local function names_of(expected)
  local names = {}
  for _, e in ipairs(expected) do
    names[#names + 1] = e.name
  end
  return table.concat(names, "、")
end

-- 按期望的 {name, max} 列表核对一层指标；where 说明这是哪一层，at 是这一层在报告中的位置。
local function compare(nodes, expected, where, at)
  -- 每个指标的名称只读一次；同名的指标有几个时，取最后一个
  local names, by_name = {}, {}
  for k, ind in ipairs(nodes) do
    local name = ind.name
    names[k] = name
    if name ~= nil then
      by_name[name] = ind
    end
  end
  local seen = {}
  for _, e in ipairs(expected) do
    local found = by_name[e.name]
    if found == nil then
      finding(string.format("%s中缺少“%s”（%s 分）；本地评分框架不同的，请调整本规则参数", where, e.name,
        tostring(e.max)), at)
    else
      seen[e.name] = true
      local max = found.max
      if e.max ~= nil and max ~= nil and not max:eq(e.max) then
        finding(string.format("指标“%s”满分为 %s 分，标准框架为 %s 分", found.path, tostring(max),
          tostring(e.max)), found, "max")
      end
    end
  end
  for k, ind in ipairs(nodes) do
    if not seen[names[k]] then
      finding(string.format("指标“%s”不在标准框架中（%s应为：%s）", ind.path, where, names_of(expected)), ind,
        "name")
    end
  end
end

rule {
  id = "dept.framework-shape",
  title = "部门整体评分表应符合“履职效能 + 管理效率”框架",
  severity = "warning",
  kinds = { "department" },
  policy = "部门整体支出绩效自评按“履职效能 + 管理效率”框架评分：一级指标 " .. describe(P.first_level)
    .. "；" .. P.parent .. "下设二级指标 " .. describe(P.second_level)
    .. "。评分表的一级指标（以及写了二级指标时的二级指标）名称和分值与之不同的，提示核对；"
    .. "本地框架确有不同的，请调整本规则参数（及 lib/std/dept.lua），或在报告顶层写明 framework:。",
  reference = "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）：开展部门和单位整体绩效评价；"
    .. "广州市黄埔区科学技术局 2022 年度部门整体支出绩效自评报告所用指标体系",
  check = function(r)
    if not dept.applies(r) then
      return
    end
    local indicators = (r.scores or {}).indicators
    if indicators == nil then
      return
    end
    compare(indicators, expected_of(P.first_level), "评分表一级指标", r.scores)
    local parent = P.parent
    for _, ind in ipairs(indicators) do
      local children = ind.name == parent and ind.children
      if children and #children > 0 then
        compare(children, expected_of(P.second_level), "“" .. parent .. "”的二级指标", ind)
      end
    end
  end,
}

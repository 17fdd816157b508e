-- 评分表的结构核对：require("std.shape")。按 pevcheck 为报告选定的评分框架（framework()）
-- 核对评分表的指标名称和满分；框架从哪里来、怎样选定，见 docs/标准规则.md“评分框架”。
--
-- 只核对框架定了的部分：一级指标的名称总要核对（框架正是按一级指标识别的）；下一级只在框架
-- 给出了该级每个指标的满分时核对（财预〔2013〕53号这样只给参考指标、不给分值的框架，各地
-- 从中选取并自设个性指标，下级指标与之不同不是问题）。满分只在框架写了满分时核对。

local M = {}

-- 名称的比较不计空格和“（50分）”这样的注记。
local function plain(name)
  -- 多数名称没有空格、全角空格（\227 起头）和括号（“）”\239 起头）：一次查找代替四次替换
  if type(name) == "string" and not string.find(name, "[%s%)\227\239]") then
    return name
  end
  local s = string.gsub(name or "", "%s", "")
  s = string.gsub(s, "　", "")
  s = string.gsub(s, "（[^（）]*）$", "")
  s = string.gsub(s, "%([^()]*%)$", "")
  return s
end

local function all_have_max(nodes)
  for _, n in ipairs(nodes) do
    if n.max == nil then
      return false
    end
  end
  return #nodes > 0
end

-- 框架的一层指标抄成普通的表：{name, path, max, names = 各种写法（按 plain 比较）, node = 框架中的
-- 指标}。框架在一次运行中不变，每份报告都从只读视图读它要比读普通的表慢得多，名称和其他写法
-- 每次都要重新整理。下一层在第一次用到时才抄（children_of）。
local function copy_level(nodes)
  local out = {}
  for k, node in ipairs(nodes) do
    local names = { [plain(node.name)] = true }
    for _, alias in ipairs(node.aliases) do
      names[plain(alias)] = true
    end
    out[k] = { name = node.name, path = node.path, max = node.max, names = names, node = node }
  end
  return out
end

-- 副本 c 的下一层，和下一层是否都有满分。
local function children_of(c)
  if c.children == nil then
    c.children = copy_level(c.node.children)
    c.all_max = all_have_max(c.children)
  end
  return c.children, c.all_max
end

-- 框架 fw 的副本：{name, indicators, all_max = 一级指标是否都有满分, total = 一级指标满分合计}。
-- 按 fw 本身记下：framework() 在一次运行中给同一个框架的总是同一个（只读）表，两个框架即使同名
-- 也不会混在一起。
local copies = {}

local function copy_of(fw)
  local c = copies[fw]
  if c == nil then
    local indicators = copy_level(fw.indicators)
    c = { name = fw.name, indicators = indicators, all_max = all_have_max(indicators) }
    if c.all_max then
      c.total = dec(0)
      for _, n in ipairs(indicators) do
        c.total = c.total + n.max
      end
    end
    copies[fw] = c
  end
  return c
end

local function names_of(nodes)
  local out = {}
  for _, n in ipairs(nodes) do
    out[#out + 1] = n.max ~= nil and (n.name .. " " .. tostring(n.max) .. " 分") or n.name
  end
  return table.concat(out, "、")
end

-- 按框架的一层指标 expected 核对报告的一层指标 printed。where：这一层的说法；at, field：这一层在报告中的
-- 位置；fixed：框架是否定了这一层（要核对缺少的指标）；soft：框架的分值只是“原则上”的（地方可调整），
-- 缺少指标、满分不同只作提示（info）。
local function compare(printed, expected, where, at, field, fw, fixed, soft)
  local note = soft and "info" or "warning"
  local matched, wanted = {}, {}
  for k, ind in ipairs(printed) do
    wanted[k] = plain(ind.name)
  end
  for _, node in ipairs(expected) do
    -- 报告中第一个名称（或其他写法）与框架指标 node 相同的指标
    local found
    for k, ind in ipairs(printed) do
      if node.names[wanted[k]] then
        found = ind
        break
      end
    end
    if found == nil then
      if fixed then
        finding{ severity = note, at = at, field = field, message = string.format("%s中缺少“%s”（评分框架“%s”%s）",
          where, node.name, fw.name, node.max ~= nil and ("为 " .. tostring(node.max) .. " 分") or "列有此指标") }
      end
    else
      matched[found] = node
      if node.max ~= nil and found.max ~= nil and not found.max:eq(node.max) then
        finding{ severity = note, at = found, field = "max", message = string.format(
          "指标“%s”满分为 %s 分，评分框架“%s”为 %s 分；地方另有规定的，请用本地框架文件（extends）写明",
          found.path, tostring(found.max), fw.name, tostring(node.max)) }
      end
    end
  end
  for _, ind in ipairs(printed) do
    if matched[ind] == nil and fixed then
      finding(string.format("指标“%s”不在评分框架“%s”中（%s应为：%s）", ind.path, fw.name, where,
        names_of(expected)), ind, "name")
    end
  end
  return matched
end

-- 核对报告 r 的评分表。opts.soft：框架的一级分值只是“原则上”的（见 compare）。
function M.check(r, opts)
  local soft = opts ~= nil and opts.soft
  local indicators = (r.scores or {}).indicators
  if indicators == nil or #indicators == 0 then
    return
  end
  local fw = framework()
  if fw == nil then
    local names = {}
    for _, ind in ipairs(indicators) do
      names[#names + 1] = ind.name
    end
    finding{ severity = "info", at = r.scores, field = "indicators", message = string.format(
      "评分表的一级指标（%s）与已知的评分框架都不相符，按框架计分的扣分只报告、不计入得分；请在报告顶层写明 "
      .. "framework:，或在规则目录的 frameworks/ 下为本地框架增加一个文件（pevcheck frameworks 列出已知的框架）",
      table.concat(names, "、")) }
    return
  end
  fw = copy_of(fw)
  local matched = compare(indicators, fw.indicators, "评分表一级指标", r.scores, "indicators", fw, true, soft)
  -- 一级指标满分合计：框架给出了每个一级指标的满分时核对
  if fw.all_max then
    local want, have, complete = fw.total, dec(0), true
    for _, ind in ipairs(indicators) do
      if ind.max == nil then
        complete = false
      else
        have = have + ind.max
      end
    end
    if complete and not have:eq(want) then
      finding(string.format("一级指标满分合计 %s 分，评分框架“%s”为 %s 分", tostring(have), fw.name, tostring(want)),
        r.scores, "indicators")
    end
    -- 合计不同是错误的信号；合计相同而分配不同，才是“原则上”允许的调整
  end
  -- 下一级：报告列出了、框架也定了的才核对
  for _, ind in ipairs(indicators) do
    local node, children = matched[ind], ind.children
    if node ~= nil and children ~= nil and #children > 0 then
      local expected, fixed = children_of(node)
      if #expected > 0 then
        compare(children, expected, "“" .. ind.name .. "”的下级指标", ind, "children", fw, fixed)
      end
    end
  end
end

return M

-- 部门整体支出标准规则的公用函数：require("std.dept")。
--
-- 一、评分框架。标准规则按黄埔区科技局 2022 年自评报告所用的“履职效能 + 管理效率”
--    框架编写（见 docs/标准规则.md）。报告顶层写了 framework: 而且不是下面的 FRAMEWORK
--    时，部门整体规则不核验该报告（指标保持“未核验”）；不写 framework: 的报告按本框架核验。
--
-- 二、一个指标由几条规则共同核验。例如“运行成本”由“三公”经费控制率和公用经费控制率两条
--    规则分别核验一部分。pevcheck 把“任一条声明了该指标的规则运行完毕、且没有调用
--    unverified()”的指标视为已核验；为了不让只核验了一部分的指标显示为“一致”，下面的
--    NEEDS 列出每个指标完整核验所需的全部数据。缺少其中任何一项时，该指标上的各条规则
--    只报告发现（写明应扣分值）、不计入计算得分，并调用 unverified()，指标保持“未核验”。
--    本地评分框架不同（例如“运行成本”只考核“三公”经费）时，请同时修改 NEEDS。

local M = {}

-- 本标准规则集所按的评分框架名称（报告顶层 framework: 的值）。
M.FRAMEWORK = "履职效能-管理效率"

-- 指标名 → 完整核验该指标所需的数据：{数据路径, 说明, 其中必须是数字的字段}；
-- positive = true 表示该数据必须是大于 0 的数字。
M.NEEDS = {
  ["预算编制"] = {
    { "facts.ex_ante", "新增项目事前绩效评估情况", { "new_projects", "assessed" } },
  },
  ["预算执行"] = {
    { "budget.initial", "年初预算数", positive = true },
    { "budget.carryover", "年末结转和结余" },
  },
  ["信息公开"] = {
    { "facts.disclosure", "预决算公开记录" },
  },
  ["绩效管理"] = {
    { "facts.self_evaluation", "项目支出绩效自评覆盖情况", { "projects", "evaluated" } },
  },
  ["采购管理"] = {
    { "facts.procurement", "政府采购预算与执行金额", { "planned", "executed" } },
  },
  ["运行成本"] = {
    { "facts.three_public", "“三公”经费预算数与实际支出数", { "budget", "actual" } },
    { "facts.public_funds", "公用经费预算数与实际支出数", { "budget", "actual" } },
  },
}

-- 数据路径 → 各段名称的列表（"facts.three_public" → {"facts", "three_public"}）。
local function split(path)
  local keys = {}
  for key in string.gmatch(path, "[^.]+") do
    keys[#keys + 1] = key
  end
  return keys
end

-- f 的结果按参数记下：同一参数只算一次。只用于结果只取决于参数的函数
-- （拆路径、解析参数列表；评分框架改写参数时给的是另一个列表，另算一次）。
function M.memo(f)
  local done = {}
  return function(x)
    local v = done[x]
    if v == nil then
      v = f(x)
      done[x] = v
    end
    return v
  end
end

-- 拆过的路径记下来，同一路径只拆一次（只拆用到的，载入时不必把 NEEDS 全部拆开）。
local keys_of = M.memo(split)

-- 按数据路径（"facts.three_public"）取报告中的值，没有时为 nil。
function M.get(r, path)
  local v = r
  for _, key in ipairs(keys_of(path)) do
    if type(v) ~= "table" then
      return nil
    end
    v = v[key]
  end
  return v
end

-- 报告是否按本框架编制（没写 framework: 的视为是）。
function M.applies(r)
  local framework = r.framework
  return framework == nil or framework == M.FRAMEWORK
end

-- 指标 name 还缺哪些数据：文字列表，如 {"budget.initial（年初预算数）"}。
-- 数据在而必须是数字的字段不是数字的，也算缺少。
function M.missing(r, name)
  local out = {}
  local needs = M.NEEDS[name]
  if needs == nil then
    return out
  end
  for _, need in ipairs(needs) do
    local v = M.get(r, need[1])
    local ok = v ~= nil
    if need.positive then
      local d = M.number(v)
      ok = d ~= nil and d > 0
    end
    local fields = need[3]
    if fields ~= nil then
      for _, field in ipairs(fields) do
        ok = ok and type(v) == "table" and M.number(v[field]) ~= nil
      end
    end
    if not ok then
      out[#out + 1] = need[1] .. "（" .. need[2] .. "）"
    end
  end
  return out
end

-- 把 facts 中的一个值读成数字：数字照用；照印刷写的文字（如 "1,234.5"）换算；
-- 其他返回 nil。金额不带单位，按 budget.currency（默认万元）理解。
function M.number(v)
  if is_decimal(v) then
    return v
  end
  if type(v) == "string" or type(v) == "number" then
    local ok, d = pcall(dec, v)
    if ok then
      return d
    end
  end
  return nil
end

-- 读取 facts[key] 下的若干数字字段。返回记录和 {字段 = 数字}；数据不全时返回 nil 和原因。
-- 字段存在但不是数字的，就地报告一条发现。
function M.record(r, key, fields)
  local rec = (r.facts or {})[key]
  if rec == nil then
    return nil, string.format("报告没有 facts.%s", key)
  end
  if type(rec) ~= "table" then
    finding{ message = string.format("facts.%s 应为映射（如 {%s: …}）", key, fields[1]),
      at = "facts", field = key, severity = "error" }
    return nil, string.format("facts.%s 格式不对", key)
  end
  local values = {}
  for _, f in ipairs(fields) do
    local v = M.number(rec[f])
    if v == nil then
      if rec[f] ~= nil then
        finding{ message = string.format("facts.%s.%s 应为数字（不带单位），这里是“%s”", key, f, tostring(rec[f])),
          at = rec, field = f, severity = "error" }
      end
      return nil, string.format("facts.%s 缺少数字字段 %s", key, f)
    end
    values[f] = v
  end
  return rec, values
end

local function whole(x, up)
  local n = x:round(0)
  if up and n < x then
    n = n + 1
  elseif not up and n > x then
    n = n - 1
  end
  return n
end

-- 按“每超过（低于）1 个百分点扣 per 分，扣完 max 分为止”计算扣分。
-- gap：超出（或不足）的百分点数；count 决定不足 1 个百分点的部分怎么算：
--   "floor"  不足 1 个百分点的部分不扣（默认）
--   "ceil"   不足 1 个百分点按 1 个百分点扣
--   "exact"  按实际百分点数折算，扣分四舍五入到 2 位小数
function M.per_point(gap, per, max, count)
  gap = dec(gap)
  if gap <= 0 then
    return dec(0)
  end
  local n
  if count == nil or count == "floor" then
    n = whole(gap, false)
  elseif count == "ceil" then
    n = whole(gap, true)
  elseif count == "exact" then
    n = gap
  else
    error("参数 count 应为 \"floor\"、\"ceil\" 或 \"exact\"，这里是 " .. tostring(count))
  end
  local points = round(n * dec(per), 2)
  if points > dec(max) then
    points = dec(max)
  end
  return points
end

-- 比率 rate（%）超过 limit 的百分点数，按规则参数 P.per_point、P.max_points、P.count 扣分（见 per_point）。
function M.points_over(rate, limit, P)
  return M.per_point(rate - dec(limit), P.per_point, P.max_points, P.count)
end

-- 比率 rate（%）低于 limit 的百分点数，按规则参数 P.per_point、P.max_points、P.count 扣分（见 per_point）。
function M.points_under(rate, limit, P)
  return M.per_point(dec(limit) - rate, P.per_point, P.max_points, P.count)
end

-- 百分比的显示：两位小数。
function M.pct(x)
  return fixed(x, 2) .. "%"
end

-- 结算一条部门整体规则的扣分。name：指标名（与规则的 indicator 相同）；
-- points：应扣分（可为 0）；reason：扣分原因；at, field：发现所指的数据位置。
--   · 报告评分表中没有该指标：只在应扣分时给出提示（info），不扣分；
--   · 该指标所需的数据齐全（见 NEEDS）：扣分，计入计算得分；
--   · 数据不全：报告发现（写明应扣分值），不计入计算得分，指标保持“未核验”；
--     但自评得分已高于“满分 − 应扣分”的，报告错误。
function M.settle(r, name, points, reason, at, field)
  points = dec(points)
  if not has_indicator(name) then
    if points > 0 then
      finding{ severity = "info", at = at, field = field, message = string.format(
        "%s；按标准规则应扣 %s 分，但报告的评分表中没有指标“%s”，未扣分", reason, tostring(points), name) }
    end
    return
  end
  local missing = M.missing(r, name)
  if #missing == 0 then
    if points > 0 then
      deduct(points, reason, at, field)
    end
    return
  end
  if points > 0 then
    finding(string.format("%s；应扣 %s 分（指标“%s”还缺少 %s，无法完整核验，此扣分暂未计入计算得分）",
      reason, tostring(points), name, table.concat(missing, "、")), at, field)
    local ind = indicator(name)
    if ind.score ~= nil and ind.max ~= nil and ind.score > ind.max - points then
      finding{ severity = "error", at = ind, field = "score",
        message = string.format("指标“%s”自评 %s 分，高于满分 %s 减去应扣的 %s 分（%s）", ind.path,
          tostring(ind.score), tostring(ind.max), tostring(points), reason) }
    end
  end
  unverified("缺少 " .. table.concat(missing, "、"))
end

-- “预算执行”指标下按预算数比率扣分的规则（预算执行率、结转结余率）共用的检查。
-- 比率 = budget[spec.part] ÷ 全年预算数 × 100%，与参数 P[spec.limit] 比较：spec.over 为 true 时
-- 超过的百分点数扣分，否则低于的百分点数扣分（每个百分点 P.per_point 分，最多 P.max_points 分，
-- 按 P.count 折算）。spec.reason：扣分原因的格式，依次填入比率、budget[spec.part]、全年预算数和
-- P[spec.limit]；spec.lacking：数据不全时 unverified 的原因。
function M.budget_rate(r, P, spec)
  local b = r.budget
  if not M.applies(r) or b == nil or b[spec.part] == nil or b.planned == nil or b.planned <= 0 then
    unverified(spec.lacking)
    return
  end
  local value, planned, limit = b[spec.part], b.planned, P[spec.limit]
  local rate = percent(value, planned)
  local points
  if spec.over then
    points = M.points_over(rate, limit, P)
  else
    points = M.points_under(rate, limit, P)
  end
  -- 扣分原因只在应扣分时拼写（不扣分时 settle 用不到它）
  local reason = ""
  if points > 0 then
    reason = string.format(spec.reason, M.pct(rate), tostring(value), tostring(planned), limit)
  end
  M.settle(r, "预算执行", points, reason, b, spec.part)
end

-- “运行成本”指标下按经费控制率扣分的规则（“三公”经费、公用经费）共用的检查。
-- 数据写在 facts[key]: {budget, actual}；控制率 = actual ÷ budget × 100%，超过 P.max_rate 的
-- 每个百分点扣 P.per_point 分，最多 P.max_points 分（按 P.count 折算）；预算为 0 却有支出的
-- 扣 P.max_points 分。label：消息中的经费名称，如 "“三公”经费"。
function M.control_rate(r, P, key, label)
  if not M.applies(r) then
    unverified("报告不按本评分框架编制")
    return
  end
  local rec, v = M.record(r, key, { "budget", "actual" })
  if rec == nil then
    unverified(v)
    return
  end
  local reason = ""
  local points = dec(0)
  if v.budget > 0 then
    local rate, limit = percent(v.actual, v.budget), P.max_rate
    points = M.points_over(rate, limit, P)
    -- 扣分原因只在应扣分时拼写（不扣分时 settle 用不到它）
    if points > 0 then
      reason = string.format("%s控制率 %s（实际支出 %s ÷ 预算 %s），超过 %s%%", label, M.pct(rate),
        tostring(v.actual), tostring(v.budget), limit)
    end
  elseif v.actual > 0 then
    points = dec(P.max_points)
    reason = string.format("%s预算为 0，却支出 %s", label, tostring(v.actual))
  end
  M.settle(r, "运行成本", points, reason, rec, "actual")
end

return M

-- 部门整体支出标准规则的公用函数：require("std.dept")。只有算术和措辞：
--
-- 一、哪个评分框架适用、规则的扣分落在哪个指标上，由 pevcheck 决定：规则在 rule{} 中写
--    concept（它核验什么，如“资产登记”），评分框架把它对应到自己的指标（见 rules/frameworks/
--    与 docs/标准规则.md）。框架中没有承担该项扣分的指标时，deduct 照样报告发现并说明未扣分。
-- 二、一个指标由几条规则共同核验（如“运行成本”由“三公”经费控制率和公用经费控制率核验）。
--    规则在 rule{} 的 needs 中写明所需数据：数据不全的规则不运行，它所核验的指标保持“未核验”，
--    输出中列出实际缺少的数据。

local budget = require("std.budget")

local M = {}

-- f 的结果按参数记下：同一参数只算一次。只用于结果只取决于参数的函数
-- （解析参数列表；评分框架改写参数时给的是另一个列表，另算一次）。
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

-- 按“每超过（低于）step 个百分点扣 per 分，扣完 max 分为止”计算扣分（step 默认 1；各地印的
-- “每低于 5% 扣 2 分”即 step = 5、per = 2）。gap：超出（或不足）的百分点数；count 决定不足一档的
-- 部分怎么算：
--   "floor"  不足一档的部分不扣（默认）
--   "ceil"   不足一档按一档扣
--   "exact"  按实际档数折算，扣分四舍五入到 2 位小数
function M.per_point(gap, per, max, count, step)
  gap = dec(gap)
  if gap <= 0 then
    return dec(0)
  end
  if step ~= nil and not dec(step):eq(1) then
    gap = gap / dec(step)
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

-- 比率 rate（%）超过 limit 的百分点数，按规则参数 P.per_point、P.max_points、P.count、P.step 扣分（见 per_point）。
function M.points_over(rate, limit, P)
  return M.per_point(rate - dec(limit), P.per_point, P.max_points, P.count, P.step)
end

-- 比率 rate（%）低于 limit 的百分点数，按规则参数 P.per_point、P.max_points、P.count、P.step 扣分（见 per_point）。
function M.points_under(rate, limit, P)
  return M.per_point(dec(limit) - rate, P.per_point, P.max_points, P.count, P.step)
end

-- 百分比的显示：两位小数。
function M.pct(x)
  return fixed(x, 2) .. "%"
end

-- 结算一条部门整体规则的扣分：应扣分大于 0 时扣分（deduct）。reason：扣分原因；
-- at, field：发现所指的数据位置。报告的评分表中没有承担该项扣分的指标时，pevcheck 照样
-- 报告这条发现，并说明未扣分。
function M.settle(points, reason, at, field)
  if dec(points) > 0 then
    deduct(points, reason, at, field)
  end
end

-- 按预算数比率扣分的规则（预算执行率、结转结余率）共用的检查。
-- 比率 = budget[spec.part] ÷ 分母 × 100%，与参数 P[spec.limit] 比较。分母由 spec.base(b) 给出（返回分母和
-- 它的说明），不写时为执行率的分母（std.budget 的 rate_base，随评分框架计入年初结转结余）：
-- spec.over 为 true 时超过的百分点数扣分，否则低于的百分点数扣分（每个百分点 P.per_point 分，
-- 最多 P.max_points 分，按 P.count 折算）。spec.reason：扣分原因的格式，依次填入比率、
-- budget[spec.part]、分母的说明和 P[spec.limit]。所需数据由规则 needs 中的字段保证。
function M.budget_rate(r, P, spec)
  local b = r.budget
  local base, base_text = (spec.base or budget.rate_base)(b)
  if base == nil then
    unverified(base_text)
    return
  end
  if base <= 0 then
    finding{ message = "全年预算数为 0，无法计算比率", at = b, field = "planned", severity = "error" }
    unverified("全年预算数为 0")
    return
  end
  local value, limit = b[spec.part], P[spec.limit]
  local rate = percent(value, base)
  local points
  if spec.over then
    points = M.points_over(rate, limit, P)
  else
    points = M.points_under(rate, limit, P)
  end
  -- 扣分原因只在应扣分时拼写
  if points > 0 then
    M.settle(points, string.format(spec.reason, M.pct(rate), tostring(value), base_text, limit), b, spec.part)
  end
end

-- 按经费控制率扣分的规则（“三公”经费、公用经费）共用的检查。
-- 数据写在 facts[key]: {budget, actual}；控制率 = actual ÷ budget × 100%，超过 P.max_rate 的
-- 每个百分点扣 P.per_point 分，最多 P.max_points 分（按 P.count 折算）；预算为 0 却有支出的
-- 扣 P.max_points 分。支出超出预算本身总要报告：按参数不扣分时，也给出一条发现。
-- label：消息中的经费名称，如 "“三公”经费"。
function M.control_rate(r, P, key, label)
  local rec, v = M.record(r, key, { "budget", "actual" })
  if rec == nil then
    unverified(v)
    return
  end
  if v.budget > 0 then
    local rate = percent(v.actual, v.budget)
    local points = M.points_over(rate, P.max_rate, P)
    if points > 0 then
      M.settle(points, string.format("%s控制率 %s（实际支出 %s ÷ 预算 %s），超过 %s%%", label, M.pct(rate),
        tostring(v.actual), tostring(v.budget), P.max_rate), rec, "actual")
    elseif v.actual > v.budget then
      finding(string.format("%s实际支出 %s 超过预算 %s（控制率 %s）；按本评分框架的参数不扣分，但超出预算的"
        .. "支出应说明原因", label, tostring(v.actual), tostring(v.budget), M.pct(rate)), rec, "actual")
    end
  elseif v.actual > 0 then
    M.settle(P.max_points, string.format("%s预算为 0，却支出 %s", label, tostring(v.actual)), rec, "actual")
  end
end

return M

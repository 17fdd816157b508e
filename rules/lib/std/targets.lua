-- 绩效指标（targets）标准规则的公用函数：require("std.targets")。
--
-- pevcheck 已为每项绩效指标算好：op（比较符）、goal（目标数值）、goal_unit、goal_word（定性目标）、
-- actual（实际数值）、actual_unit、actual_word（文字实际值）、actual_converted（换算成目标单位的
-- 实际值，仅货币单位不同时有）、units_agree（单位是否一致）、met（是否达到目标，无法判断时为 nil）。

local M = {}

-- 指标的称呼：“科技型中小企业入库数”；没有名称时用序号。
function M.name(t, i)
  return t.name or ("第" .. tostring(i) .. "项绩效指标")
end

-- 目标值照报告所写：">= 3000家"；只写了数字的，说明按哪个方向理解：“43.2（未写比较符，按不少于理解）”。
function M.target_text(t)
  local s = tostring(t.target)
  if t.goal ~= nil and t.goal_unit == nil and t.unit ~= nil then
    s = s .. t.unit
  end
  if t.op_implied then
    s = s .. (t.op == "<=" and "（未写比较符，按不超过理解）" or "（未写比较符，按不少于理解）")
  end
  return s
end

-- 实际值照报告所写：“3400家”；未能评定时为“空”。
function M.actual_text(t)
  if t.actual == nil then
    return "空"
  end
  local s = tostring(t.actual)
  if is_decimal(t.actual) then
    s = s .. (t.actual_unit or t.goal_unit or t.unit or "")
  end
  return s
end

-- 与目标同一单位的实际数值（货币单位已换算），没有时为 nil。
function M.value(t)
  local converted = t.actual_converted
  if converted ~= nil then
    return converted
  end
  local actual = t.actual
  if is_decimal(actual) then
    return actual
  end
  return nil
end

-- 是否定量指标（目标是比较符加数字）。
function M.quantitative(t)
  return t.goal ~= nil
end

-- 定性实际值去掉表示“已经”的开头：“已按时完成”“均已达标”“已经完成”分别是“按时完成”“达标”“完成”。
-- 自评表的实际值常这样写（目标“按时完成”，实际“已按时完成”）；“未”“不”开头的不动。
local already = { "均已经", "已经", "均已", "已" }
function M.plain_word(w)
  if type(w) ~= "string" then
    return w
  end
  for _, prefix in ipairs(already) do
    if #w > #prefix and w:sub(1, #prefix) == prefix then
      return w:sub(#prefix + 1)
    end
  end
  return w
end

-- 定性指标实际值与目标值相同（“已”开头的实际值按去掉“已”比较）。
function M.same_word(t)
  local a, g = t.actual_word, t.goal_word
  return a ~= nil and g ~= nil and (a == g or M.plain_word(a) == g)
end

-- 完全达到目标：定量指标实际值满足目标，或定性指标实际值与目标值相同。
function M.fully_met(t)
  if M.quantitative(t) then
    return t.met == true
  end
  return M.same_word(t)
end

-- 没有达到目标：实际值不满足目标，或报告自己说未达成、无法评定。
function M.unmet(t)
  return t.met == false or t.status == "not_met" or t.status == "unassessable"
end

-- 写了原因（reason）。
function M.has_reason(t)
  return type(t.reason) == "string" and t.reason ~= ""
end

return M

-- 历史动态比较法：报告所写的同比增长率，应与本年度和上一年度的数值相符。
-- 上一年度的数值取自：该项自己的 previous，或上一年度报告（previous: 路径，或一同检查的
-- 同一单位上一年度文件）中同名项的 value。

local P = params {
  severity_when_unknown = "info",  -- 找不到上一年度数值时提示的级别
}

-- 数值照印刷写：千分位逗号、全角数字都可以，增长率可带 % 或 ％；不接受单位和文字。
local function number_of(x)
  if is_decimal(x) then return x end
  if type(x) == "string" then
    local s = x:gsub("%s*%%%s*$", ""):gsub("%s*％%s*$", "") -- ％ is three bytes: not in a [set]
    local ok, value = pcall(dec, s)
    if ok then return value end
  end
  return nil
end

rule {
  id = "history.yoy-growth",
  title = "同比增长率应与两年数值相符",
  severity = "error",
  kinds = { "department", "project" },
  policy = "报告中写明的同比增长率 = （本年度数值 − 上一年度数值）÷ 上一年度数值 × 100%，"
    .. "按所写的小数位数四舍五入后应一致。数据写在 facts.yoy：[{name, value, growth, previous?}]。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十一条：历史动态比较法",
  check = function(r)
    local items = (r.facts or {}).yoy
    if items == nil then
      return
    end
    local last = previous()
    for i, item in ipairs(items) do
      local value, growth = number_of(item.value), number_of(item.growth)
      local before = number_of(item.previous)
      if before == nil and last ~= nil then
        for _, old in ipairs(((last.facts or {}).yoy) or {}) do
          if old.name == item.name then
            before = number_of(old.value)
          end
        end
      end
      local name = item.name or ("第" .. i .. "项")
      if growth == nil and item.growth == nil then
        -- an item without a stated growth only supplies next year's base
        goto continue
      elseif value == nil or growth == nil then
        finding(string.format("同比数据“%s”应写明数值 value 和增长率 growth（如 14%%）", name), item)
      elseif before == nil then
        finding { message = string.format("无法核对“%s”的同比增长 %s%%：没有上一年度数值"
          .. "（写 previous，或提供上一年度报告）", name, tostring(growth)),
          at = item, severity = P.severity_when_unknown }
      elseif before:eq(0) then
        finding(string.format("“%s”上一年度数值为 0，同比增长率无从计算", name), item, "growth")
      else
        local computed = percent(value - before, before)
        local same, rounded = same_at_precision(growth, computed)
        if not same then
          finding(string.format("“%s”同比增长写为 %s%%，但（%s − %s）÷ %s = %s%%", name,
            tostring(growth), tostring(value), tostring(before), tostring(before), tostring(rounded)),
            item, "growth")
        end
      end
      ::continue::
    end
  end,
}

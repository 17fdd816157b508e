-- 按资金来源、按支出性质的分项之和应等于全年执行数。

local PARTS = {
  sources = "按资金来源分",
  nature = "按支出性质分",
}

rule {
  id = "budget.breakdown-sum",
  title = "支出分项之和应等于执行数",
  severity = "error",
  kinds = { "department", "project" },
  policy = "按资金来源（一般公共预算、政府性基金预算、国有资本经营预算、其他资金）的支出之和，"
    .. "以及按支出性质（基本支出、项目支出）的支出之和，都应等于全年执行数"
    .. "（按执行数所写的小数位数比较）。",
  reference = "部门决算报表：支出决算表",
  check = function(r)
    local b = r.budget
    if b == nil or b.executed == nil then
      return
    end
    for _, key in ipairs({ "sources", "nature" }) do
      local part = b[key]
      if part ~= nil then
        local total, names = dec(0), {}
        for name, value in pairs(part) do
          if is_decimal(value) then
            total = total + value
            names[#names + 1] = name
          end
        end
        if #names > 0 then
          local same, rounded = same_at_precision(b.executed, total)
          if not same then
            finding(string.format("%s的支出合计 %s，与全年执行数 %s 不符（相差 %s）", PARTS[key],
              tostring(rounded), tostring(b.executed), tostring(b.executed - rounded)), b, key)
          end
        end
      end
    end
  end,
}

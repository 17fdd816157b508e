-- 预算明细（budget.items）各项之和应等于全年预算数、全年执行数。

local FIELDS = {
  { key = "initial", label = "年初预算数", total = "年初预算数" },
  { key = "planned", label = "预算数", total = "全年预算数" },
  { key = "executed", label = "执行数", total = "全年执行数" },
}

rule {
  id = "budget.items-sum",
  title = "预算明细之和应等于预算数、执行数",
  severity = "error",
  kinds = { "department", "project" },
  policy = "报告列出预算明细（budget.items）的，各明细项的年初预算数、预算数之和应分别等于年初预算数、全年预算数，"
    .. "执行数之和应等于全年执行数（按合计数所写的小数位数四舍五入后比较）。只列了部分明细的（budget.items_partial: true），"
    .. "明细之和不得超过全年数。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件“项目支出绩效自评表”：年度资金总额及其构成；"
    .. "部门决算报表",
  check = function(r)
    local b = r.budget
    local items = b and b.items
    if items == nil or #items == 0 then
      return
    end
    local partial = b.items_partial == true
    for _, f in ipairs(FIELDS) do
      local stated = b[f.key]
      local total, count = sum(items, f.key)
      if stated ~= nil and count == #items and partial then
        local _, rounded = same_at_precision(stated, total)
        if rounded > stated then
          finding(string.format("预算明细只列了部分项目，但 %d 项的%s之和 %s 已超过%s %s", count, f.label,
            tostring(total), f.total, tostring(stated)), b, "items")
        end
      elseif stated ~= nil and count == #items then
        local same, rounded = same_at_precision(stated, total)
        if not same then
          finding(string.format("预算明细 %d 项的%s之和为 %s，与%s %s 不符（相差 %s）", count, f.label,
            tostring(total), f.total, tostring(stated), tostring(stated - rounded)), b, "items")
        end
      end
    end
  end,
}

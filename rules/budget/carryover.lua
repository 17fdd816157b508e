-- 预算数与执行数的差额，应由年末结转和结余（及财政收回等）说明。报告列了年初结转结余的，
-- 年末结转结余 = 年初结转结余 + 全年预算数 − 全年执行数。

local P = params {
  tolerance = 0,  -- 允许的差额（与预算数同单位），0 表示必须完全一致
}

rule {
  id = "budget.carryover",
  title = "未执行的预算应有去向说明",
  severity = "warning",
  kinds = { "department", "project" },
  -- 报告没有印年末结转和结余（如国家自评表）时，无从核对
  needs = { "budget.planned", "budget.executed", "budget.carryover" },
  policy = "全年预算数（加年初结转结余）− 全年执行数 的差额，应等于年末结转和结余，加上财政收回等不形成"
    .. "结转结余的金额（budget.returned）。差额没有去向的，请说明原因。",
  reference = "《中华人民共和国预算法》第四十二条（结转结余资金管理）；部门决算报表",
  check = function(r)
    local b = r.budget
    local opening = b.opening_balance
    local gap = b.planned - b.executed
    if opening ~= nil then
      gap = gap + opening
    end
    local carryover = b.carryover
    local returned = b.returned or dec(0)
    local unexplained = gap - carryover - returned
    if unexplained < 0 then unexplained = -unexplained end
    if unexplained > P.tolerance then
      local currency = b.currency or "万元"
      finding(string.format("%s全年预算数 − 执行数 = %s %s，而年末结转和结余为 %s %s%s；"
        .. "请说明差额 %s %s 的去向（如财政收回，可填写 budget.returned）",
        opening and string.format("年初结转结余 %s %s + ", fixed(opening, 2), currency) or "",
        fixed(gap, 2), currency, fixed(carryover, 2), currency,
        b.returned and string.format("、财政收回等 %s %s", fixed(returned, 2), currency) or "",
        fixed(unexplained, 2), currency), b, "carryover")
    end
  end,
}

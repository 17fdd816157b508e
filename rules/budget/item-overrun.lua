-- 预算明细中的一项支出超出了它自己的预算：即使评分表没有对应的指标，也要报告。

local P = params {
  max_over_rate = 0,   -- 一项的执行数超过其预算数的百分之多少以上才提示（%）；0 表示超出即提示
}

rule {
  id = "budget.item-overrun",
  title = "预算明细的支出不应超出该项预算",
  severity = "warning",
  kinds = { "department", "project" },
  needs = { "budget.items" },
  policy = string.format("预算明细（budget.items）中每一项的执行数不应超出该项的预算数；超出 %s%% 以上的，"
    .. "提示说明原因（超预算支出须按规定办理预算调整）。", P.max_over_rate),
  reference = "《中华人民共和国预算法》第十三条：各级政府、各部门、各单位的支出必须以经批准的预算为依据，"
    .. "未列入预算的不得支出",
  check = function(r)
    local currency = r.budget.currency or "万元"
    for i, item in ipairs(r.budget.items) do
      -- 调整后的预算数；明细只印了年初（申请）数的，与年初数比
      local planned, executed = item.planned or item.initial, item.executed
      local which = item.planned ~= nil and "预算" or "年初预算"
      if planned ~= nil and executed ~= nil and executed > planned
        and executed * 100 > planned * (100 + dec(P.max_over_rate)) then
        local name = item.name or string.format("第 %d 项", i)
        if planned > 0 then
          finding(string.format("预算明细“%s”执行 %s %s，超出其%s %s %s（执行率 %s%%）", name, tostring(executed),
            currency, which, tostring(planned), currency, fixed(percent(executed, planned), 2)), item, "executed")
        else
          finding(string.format("预算明细“%s”没有%s（%s），却支出 %s %s", name, which, tostring(planned),
            tostring(executed), currency), item, "executed")
        end
      end
    end
  end,
}

-- 自评表“项目资金”栏：年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金，年初预算数、全年预算数、
-- 全年执行数三栏都如此。

local COLUMNS = {
  { key = "initial", label = "年初预算数" },
  { key = "planned", label = "全年预算数" },
  { key = "executed", label = "全年执行数" },
}
local ROWS = {
  { "fiscal", "当年财政拨款" }, { "carried", "上年结转资金" }, { "other", "其他资金" },
  -- 省级预算管理一体化系统的自评表（如四川 510000_0013zp）另列的两行
  { "special_account", "财政专户管理资金" }, { "unit_funds", "单位资金" },
}

rule {
  id = "budget.funds-sum",
  title = "年度资金总额应等于各资金来源之和",
  severity = "error",
  kinds = { "department", "project" },
  needs = { "budget.funds.total" },
  policy = "项目支出绩效自评表“项目资金”栏中，年度资金总额的年初预算数、全年预算数、全年执行数，应分别等于"
    .. "当年财政拨款、上年结转资金、其他资金三行之和（省级表式另列财政专户管理资金、单位资金的，一并计入；"
    .. "空着的行按 0 计，按总额所写的小数位数比较）。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件2 项目支出绩效自评表：年度资金总额 = "
    .. "其中：当年财政拨款 + 上年结转资金 + 其他资金",
  check = function(r)
    local funds = r.budget.funds
    local total = funds.total
    for _, c in ipairs(COLUMNS) do
      local stated = total[c.key]
      local sum_, parts, any = dec(0), {}, false
      for _, row in ipairs(ROWS) do
        local v = funds[row[1]] and funds[row[1]][c.key]
        if v ~= nil then
          sum_ = sum_ + v
          any = true
          parts[#parts + 1] = row[2] .. " " .. tostring(v)
        end
      end
      if stated ~= nil and any then
        if not same_at_precision(stated, sum_) then
          finding(string.format("年度资金总额的%s为 %s，但各资金来源合计为 %s（%s）", c.label, tostring(stated),
            tostring(sum_), table.concat(parts, "、")), total, c.key)
        end
      end
    end
  end,
}

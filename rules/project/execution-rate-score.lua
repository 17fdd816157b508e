-- 项目支出：预算执行率得分 = 预算执行率 × 该指标分值，不超过分值。

local P = params {
  places = 2,            -- 得分保留的小数位数（四舍五入）
}

local budget = require("std.budget")

rule {
  id = "project.execution-rate-score",
  title = "预算执行率得分 = 执行率 × 分值",
  severity = "error",
  kinds = { "project" },
  concept = "预算执行率",
  needs = { "budget.planned", "budget.executed" },
  policy = "预算执行率 = 全年执行数 ÷ 全年预算数；预算执行率指标得分 = 预算执行率 × 该指标分值（一般为 10 分），"
    .. "不超过分值，按精确金额计算后四舍五入到 " .. tostring(P.places) .. " 位小数。自评得分与之不符的报告错误。"
    .. "评分框架以实际到位资金为分母的（财预〔2020〕10号附件1：预算执行率 = 实际支出资金 ÷ 实际到位资金），"
    .. "分母为 budget.received；报告没有写实际到位资金时按全年预算数计算，并在计分公式中说明。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件2“项目支出绩效自评表”：预算执行率（分值 10）；"
    .. "附件1“项目支出绩效评价指标体系框架（参考）”：预算执行率",
  check = function(r)
    local ind = indicator()
    if ind == nil then
      return -- 评分表没有预算执行率指标：project.table-shape 会报告
    end
    if ind.max == nil then
      unverified("预算执行率指标没有分值")
      return
    end
    local b = r.budget
    local base, base_text, note = budget.rate_base(b)
    if base == nil then
      unverified(base_text)
      return
    end
    if base <= 0 then
      local received = base_text:find("^实际到位资金") ~= nil
      local what = received and "实际到位资金" or "全年预算数"
      finding(what .. "为 0，无法计算预算执行率得分", b, received and "received" or "planned")
      unverified(what .. "为 0")
      return
    end
    local score = ratio(b.executed * ind.max, base, P.places)
    local capped = ""
    if score > ind.max then
      score = ind.max
      capped = "，以分值为限"
    end
    if score < 0 then
      score = dec(0)
    end
    set_score(score, string.format("执行数 %s ÷ %s × 分值 %s = %s 分%s%s", tostring(b.executed),
      base_text, tostring(ind.max), tostring(score), capped, note or ""))
  end,
}

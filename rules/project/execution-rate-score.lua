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
    .. "不超过分值，按精确金额计算后四舍五入到 " .. tostring(P.places) .. " 位小数。自评得分与之不符的报告错误。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件2“项目支出绩效自评表”：预算执行率（分值 10）",
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
    local base, base_text = budget.rate_base(b)
    if base == nil then
      unverified(base_text)
      return
    end
    if base <= 0 then
      finding("全年预算数为 0，无法计算预算执行率得分", b, "planned")
      unverified("全年预算数为 0")
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
    set_score(score, string.format("执行数 %s ÷ %s × 分值 %s = %s 分%s", tostring(b.executed),
      base_text, tostring(ind.max), tostring(score), capped))
  end,
}

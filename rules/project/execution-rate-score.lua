-- 项目支出：预算执行率得分 = 预算执行率 × 该指标分值，不超过分值。

local P = params {
  name = "预算执行率",   -- 评分表中预算执行率指标的名称
  places = 2,            -- 得分保留的小数位数（四舍五入）
}

rule {
  id = "project.execution-rate-score",
  title = "预算执行率得分 = 执行率 × 分值",
  severity = "error",
  kinds = { "project" },
  indicator = P.name,
  policy = "预算执行率 = 全年执行数 ÷ 全年预算数；预算执行率指标得分 = 预算执行率 × 该指标分值（一般为 10 分），"
    .. "不超过分值，按精确金额计算后四舍五入到 " .. tostring(P.places) .. " 位小数。自评得分与之不符的报告错误。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件“项目支出绩效自评表”：预算执行率（分值 10）",
  check = function(r)
    if not has_indicator(P.name) then
      return -- project.table-shape 会报告缺少该指标
    end
    local ind = indicator(P.name)
    local b = r.budget
    if ind.max == nil or b == nil or b.planned == nil or b.executed == nil then
      unverified("缺少分值或全年预算数、执行数")
      return
    end
    if b.planned <= 0 then
      finding("全年预算数为 0，无法计算预算执行率得分", b, "planned")
      unverified("全年预算数为 0")
      return
    end
    local score = ratio(b.executed * ind.max, b.planned, P.places)
    local capped = ""
    if score > ind.max then
      score = ind.max
      capped = "，以分值为限"
    end
    if score < 0 then
      score = dec(0)
    end
    set_score(score, string.format("执行数 %s ÷ 预算数 %s × 分值 %s = %s 分%s", tostring(b.executed),
      tostring(b.planned), tostring(ind.max), tostring(score), capped))
  end,
}

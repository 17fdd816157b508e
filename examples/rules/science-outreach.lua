-- 示例自带的规则（不属于标准规则集）：科普活动数据的合理性。
-- 黄埔区科技局 2022 年报告写道：“各类科普大赛参赛者数量 36 人，获得科普奖项 37 项”，
-- 奖项多于参赛者，值得核实。

rule {
  id = "example.outreach.awards-plausible",
  title = "科普奖项数不应多于参赛者人数",
  severity = "warning",
  kinds = { "department" },
  policy = "科普大赛获得的奖项数一般不会多于参赛者人数；多于时应核实数据或说明（如一人多奖、集体奖）。",
  check = function(r)
    local s = (r.facts or {}).science_outreach
    if s == nil or s.awards == nil or s.contestants == nil then
      return
    end
    if s.awards > s.contestants then
      finding(string.format("获得科普奖项 %s 项，多于参赛者 %s 人；请核实数据或说明原因",
        tostring(s.awards), tostring(s.contestants)), s, "awards")
    end
  end,
}

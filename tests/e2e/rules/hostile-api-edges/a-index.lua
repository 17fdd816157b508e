rule {
  id = "test.hostile.api-index",
  title = "位置参数用极端整数",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- field is a 1-based index: math.mininteger - 1 overflows in C
    finding("极端序号", r.scores.indicators, math.mininteger)
    finding("极端序号", r.scores.indicators, math.maxinteger)
  end,
}

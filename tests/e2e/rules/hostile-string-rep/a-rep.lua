rule {
  id = "test.hostile.rep",
  title = "巨大的 string.rep",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- 1.6 GB: under string.rep's own size limit, over the memory ceiling
    local s = string.rep("绩效", 2^28)
    finding("不应到达这里：" .. #s)
  end,
}

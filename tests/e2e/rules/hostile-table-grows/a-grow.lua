rule {
  id = "test.hostile.grow",
  title = "无限增长的表",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local t, i = {}, 0
    while true do
      i = i + 1
      t[i] = { i, tostring(i) }
    end
  end,
}

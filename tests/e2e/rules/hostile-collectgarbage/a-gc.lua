rule {
  id = "test.hostile.gc",
  title = "试图停止垃圾回收",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    collectgarbage("stop")
    local t = {}
    for i = 1, 1e7 do t[i] = {} end
  end,
}

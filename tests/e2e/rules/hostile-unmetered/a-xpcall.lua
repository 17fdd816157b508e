rule {
  id = "test.hostile.xpcall-handler",
  title = "xpcall 的消息处理函数里的死循环",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- the budget error is raised in the count hook, where hooks are off:
    -- the handler must not run there unmetered
    xpcall(function() while true do end end, function() while true do end end)
  end,
}

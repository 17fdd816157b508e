rule {
  id = "test.hostile.dump",
  title = "试图导出字节码",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local code = string.dump(function() return 1 end)
    finding("不应到达这里：" .. #code)
  end,
}

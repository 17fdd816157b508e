rule {
  id = "test.hostile.string-mt",
  title = "试图修改字符串元表",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local mt = getmetatable("")
    mt.__index = { upper = function() return "被改掉了" end }
  end,
}

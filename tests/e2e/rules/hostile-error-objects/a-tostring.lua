rule {
  id = "test.hostile.error-tostring",
  title = "错误对象的 __tostring 死循环",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    error(setmetatable({}, { __tostring = function() while true do end end }))
  end,
}

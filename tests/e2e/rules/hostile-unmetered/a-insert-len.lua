rule {
  id = "test.hostile.insert-len",
  title = "__len 说谎的 table.insert",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local calls = 0
    table.insert(setmetatable({}, {__len = function()
      calls = calls + 1
      return calls == 1 and 1 or math.maxinteger - 1
    end}), 1, 'x')
    table.insert(setmetatable({}, {__len = function() return math.maxinteger - 1 end}), 1, 'x')
  end,
}

rule {
  id = "test.hostile.decimal-mt",
  title = "试图修改 Decimal 元表",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- every number in the report shares this metatable
    local mt = getmetatable(r.budget.planned)
    mt.__lt = function() return true end
    mt.__tostring = function() return "被改掉了" end
    mt.__index.round = function() return 0 end
  end,
}

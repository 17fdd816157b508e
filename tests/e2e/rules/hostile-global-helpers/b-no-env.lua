-- The case of issue 16: check itself reads and writes no global (it has no
-- _ENV upvalue), its helper does.
local function remember_and_report(r)
  first_unit = first_unit or r.unit
  finding("只经辅助函数设置的全局变量：" .. first_unit)
end

rule {
  id = "test.hostile.global-no-env",
  title = "check 没有 _ENV",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r) remember_and_report(r) end,
}

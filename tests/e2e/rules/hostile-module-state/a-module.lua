rule {
  id = "test.hostile.module",
  title = "通过共用模块的字段传递状态",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local shared = require("shared")
    shared.flag = "泄漏"
    finding("已写入模块字段")
  end,
}

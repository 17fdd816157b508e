rule {
  id = "test.hostile.module-global",
  title = "通过共用模块的全局变量传递状态",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    require("shared").set("泄漏")
    finding("已调用模块设置全局变量")
  end,
}

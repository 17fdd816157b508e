rule {
  id = "test.hostile.require-os",
  title = "试图 require 标准库 os",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local os = require("os")
    os.execute("touch pevcheck-escaped-require")
  end,
}

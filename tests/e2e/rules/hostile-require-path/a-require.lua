rule {
  id = "test.hostile.require-path",
  title = "试图 require 规则目录外的文件",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    require("../../etc/passwd")
  end,
}

rule {
  id = "test.hostile.popen",
  title = "试图打开管道",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    io.popen("touch pevcheck-escaped-popen")
  end,
}

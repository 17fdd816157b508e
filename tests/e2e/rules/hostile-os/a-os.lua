rule {
  id = "test.hostile.os",
  title = "试图访问 os",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- run a command, read the environment, leave the process
    os.execute("touch pevcheck-escaped-os")
    os.exit(0)
  end,
}

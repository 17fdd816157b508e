rule {
  id = "test.hostile.rename",
  title = "试图改名和删除文件",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    os.rename("victim.txt", "pevcheck-escaped-rename.txt")
    os.remove("victim.txt")
  end,
}

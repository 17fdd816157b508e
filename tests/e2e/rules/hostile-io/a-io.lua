rule {
  id = "test.hostile.io",
  title = "试图写文件",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local f = io.open("pevcheck-escaped-io.txt", "w")
    f:write("escaped")
    f:close()
  end,
}

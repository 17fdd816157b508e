rule {
  id = "test.hostile.error-bytes",
  title = "非 UTF-8 的错误信息",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    error("坏字节：\255\254\192\175 结束")
  end,
}

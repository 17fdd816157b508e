rule {
  id = "test.hostile.debug",
  title = "试图使用 debug",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- the registry would give the real report tables and the C API state
    local reg = debug.getregistry()
    debug.sethook()
  end,
}

rule {
  id = "test.hostile.load-binary",
  title = "试图载入二进制代码块",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    -- default mode ("bt"): the sandbox must still refuse a binary chunk
    local f, err = load("\27LuaT\0\25\147\13\10\26\10\4\8\8xV\0\0\0\0\0\0\0\0\0\0\0(w@\1\128\128\0\0\1\130\0\0\0\1\0\0\0")
    assert(f, err)
    f()
  end,
}

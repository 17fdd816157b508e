-- An unrelated rule that needs 16 MiB for a moment on every report: it must
-- keep working while the hog holds on to its memory.
rule {
  id = "test.state-worker",
  title = "每份报告临时用 16 MiB 的规则",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    local scratch = {}
    for i = 1, 16 do
      scratch[i] = string.rep(("y"):rep(1024), 1023) .. i
    end
    finding("工作规则照常运行：" .. r.unit .. "，" .. #scratch)
  end,
}

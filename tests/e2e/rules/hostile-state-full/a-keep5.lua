-- One of five rules that each keep 30 MiB, once: under --limit memory=128M
-- they fill the state, and the ones holding the most are stopped so that
-- the reports and rules after them have room.
local kept

rule {
  id = "test.hostile.state-keep5",
  title = "留住 30 MiB 的规则 5",
  severity = "info",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    if not kept then
      kept = {}
      for i = 1, 30 do
        kept[i] = string.rep(("5"):rep(1024), 1023) .. i
      end
    end
    finding("留住内存的规则照常运行")
  end,
}

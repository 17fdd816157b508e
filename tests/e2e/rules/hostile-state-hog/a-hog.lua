-- Keeps 40 MiB from every check in a file-level table: on main this filled
-- the 2 GiB state after ~30 reports, an unrelated rule then failed, and the
-- rest of the file was dropped without a word.
local kept = {}

rule {
  id = "test.hostile.state-hog",
  title = "在文件级的表里留住每次检查的内存",
  severity = "error",
  kinds = {"department"},
  policy = "无：沙箱加固测试（tests/e2e/hardening.sh）",
  check = function(r)
    for i = 1, 40 do
      kept[#kept + 1] = string.rep(("x"):rep(1024), 1023) .. r.unit .. i
    end
  end,
}

-- 顶层死循环：规则文件载入时就停不下来
local n = 0
while true do
  n = n + 1
end

rule {
  id = "test.hostile.load-loop",
  title = "载入时死循环",
  severity = "error",
  kinds = {"department"},
  policy = "无",
  check = function(r) end,
}

rule {
  id = "test.loop",
  title = "死循环",
  severity = "error",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    local n = 0
    while true do
      -- pcall cannot swallow the budget error
      pcall(function() n = n + 1 end)
    end
  end,
}

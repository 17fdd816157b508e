rule {
  id = "test.check",
  title = "看不到别的规则留下的模块状态",
  severity = "info",
  kinds = {"department"},
  policy = "无",
  check = function(r)
    local shared = require("shared")
    if shared.flag == nil and shared.get() == nil then
      finding("看不到其他规则留下的状态")
    else
      finding("看到了其他规则留下的状态：" .. tostring(shared.flag or shared.get()))
    end
  end,
}

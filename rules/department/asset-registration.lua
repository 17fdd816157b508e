-- 资产登记：资产变动登记不及时扣分（“履职效能 + 管理效率”框架中为“管理效率/资产管理”）。
-- 黄埔区科技局 2022 年自评：资产管理 10 分，因“资产变动登记不够及时”扣 0.5 分。

local P = params {
  deadline_days = 30,  -- 资产变动后应在多少天内登记入账（天）
  points = 0.5,        -- 登记不及时扣分（分）
}

rule {
  id = "dept.asset.registration-late",
  title = "资产变动登记不及时",
  severity = "warning",
  kinds = { "department" },
  concept = "资产登记",
  needs = { ["facts.asset_changes"] = "资产变动记录" },
  policy = string.format("资产新增、调拨、处置等变动应在变动后 %d 天内登记入账；"
    .. "有任何一项登记不及时的，扣 %s 分（“履职效能 + 管理效率”框架中扣在“资产管理”指标上）。",
    P.deadline_days, P.points),
  reference = "《行政事业性国有资产管理条例》（国务院令第738号）；部门整体支出绩效评价指标体系“资产管理”",
  check = function(r)
    local changes = r.facts.asset_changes
    local late, first_late = {}, nil
    for i, change in ipairs(changes) do
      local changed, registered = change.changed_on, change.registered_on
      if not is_date(changed) then
        finding("资产变动日期应为 YYYY-MM-DD 格式的日期", change, "changed_on")
      elseif registered ~= nil and not is_date(registered) then
        finding("资产登记日期应为 YYYY-MM-DD 格式的日期", change, "registered_on")
      elseif registered == nil then
        late[#late + 1] = string.format("%s（%s 变动，尚未登记）", change.asset or ("第" .. i .. "项"), changed)
        first_late = first_late or change
      else
        local days = days_between(changed, registered)
        if days > P.deadline_days then
          late[#late + 1] = string.format("%s（%s 变动，%d 天后才登记）", change.asset or ("第" .. i .. "项"), changed, days)
          first_late = first_late or change
        end
      end
    end
    if #late > 0 then
      deduct(P.points, string.format("资产变动登记不及时（超过 %d 天）：%s", P.deadline_days,
        table.concat(late, "；")), first_late, "registered_on")
    end
  end,
}

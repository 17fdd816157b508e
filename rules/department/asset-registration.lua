-- 资产管理：资产变动登记不及时扣分。
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
  indicator = "管理效率/资产管理",
  policy = "资产新增、调拨、处置等变动应在变动后 30 天内登记入账；"
    .. "有任何一项登记不及时的，资产管理指标扣 0.5 分。",
  reference = "《行政事业性国有资产管理条例》（国务院令第738号）；部门整体支出绩效评价指标体系“资产管理”",
  check = function(r)
    local changes = (r.facts or {}).asset_changes
    if changes == nil then
      unverified("报告没有资产变动记录（facts.asset_changes）")
      return
    end
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
      local reason = string.format("资产变动登记不及时（超过 %d 天）：%s", P.deadline_days, table.concat(late, "；"))
      if has_indicator("管理效率/资产管理") then
        deduct(P.points, reason, first_late, "registered_on")
      else
        -- 评分表中没有“资产管理”（本地框架不同）：只提示，不扣分。
        finding{ severity = "info", at = first_late, field = "registered_on", message = string.format(
          "%s；按标准规则应扣 %s 分，但报告的评分表中没有指标“管理效率/资产管理”，未扣分", reason, tostring(P.points)) }
      end
    end
  end,
}

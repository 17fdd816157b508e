-- 预决算信息公开：部门预决算公开的及时性（“履职效能 + 管理效率”框架中为“管理效率/信息公开”）。

local P = params {
  deadline_days = 20,   -- 批复后多少天内应向社会公开（天）
  points = 1,           -- 每一项未按时公开扣分（分）
  max_points = 4,       -- 本项最多扣分（分），扣完为止
}

local dept = require("std.dept")

rule {
  id = "dept.disclosure.timeliness",
  title = "预决算信息应按时公开",
  severity = "warning",
  kinds = { "department" },
  concept = "预决算信息公开",
  needs = { ["facts.disclosure"] = "预决算公开记录" },
  policy = string.format("经本级政府财政部门批复的部门预算、决算及报表，应当在批复后 %d 日内由各部门向社会公开。"
    .. "每一项逾期公开或未公开扣 %s 分，最多扣 %s 分。数据写在 facts.disclosure："
    .. "每项 {item, approved_on, published_on}。", P.deadline_days, P.points, P.max_points),
  reference = "《中华人民共和国预算法》第十四条",
  check = function(r)
    local list = r.facts.disclosure
    local late, first = {}, nil
    for i, d in ipairs(list) do
      local what = d.item or ("第" .. i .. "项")
      if not is_date(d.approved_on) then
        finding{ severity = "error", message = "批复日期（approved_on）应为 YYYY-MM-DD 格式的日期", at = d,
          field = "approved_on" }
        unverified("批复日期格式不对")
        return
      elseif d.published_on == nil then
        late[#late + 1] = string.format("%s（%s 批复，尚未公开）", what, d.approved_on)
        first = first or d
      elseif not is_date(d.published_on) then
        finding{ severity = "error", message = "公开日期（published_on）应为 YYYY-MM-DD 格式的日期", at = d,
          field = "published_on" }
        unverified("公开日期格式不对")
        return
      else
        local days = days_between(d.approved_on, d.published_on)
        if days > P.deadline_days then
          late[#late + 1] = string.format("%s（%s 批复，%d 天后才公开）", what, d.approved_on, days)
          first = first or d
        end
      end
    end
    local points = dec(P.points) * #late
    if points > dec(P.max_points) then
      points = dec(P.max_points)
    end
    dept.settle(points, string.format("未在批复后 %d 日内公开：%s", P.deadline_days,
      table.concat(late, "；")), first, "published_on")
  end,
}

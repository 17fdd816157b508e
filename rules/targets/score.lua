-- 绩效指标计分：每项绩效指标按完成情况计分，核对自评得分；
-- 并把一个评分指标下各项绩效指标的得分相加，作为该评分指标的计算得分。

local P = params {
  places = 2,                  -- 得分保留的小数位数（四舍五入）
  full_words = {               -- 定性指标：实际值为这些词（或与目标值相同）时记全部分值；“已”“均已”开头的按去掉后的词
    "达成", "已达成", "完成", "已完成", "达标", "好", "优", "优秀", "高", "合规", "是", "满意", "有效", "显著",
    "全部完成", "按时完成", "如期完成", "全部达成", "合格", "符合要求",
    "达成预期指标", "达到预期指标", "达成预期目标", "达到预期目标", "达到预期" },  -- 预算管理系统导出的自评表（如安徽）
  good_words = {               -- 定性指标“较好”档：记 good_ratio
    "较好", "良好", "较高", "比较满意", "较显著", "基本达成" },
  good_ratio = 0.8,            -- “较好”档得分占分值的比例
  fair_words = {               -- 定性指标“一般”档：记 fair_ratio
    "一般", "部分达成", "基本满意", "基本合规" },
  fair_ratio = 0.6,            -- “一般”档得分占分值的比例
  poor_words = {               -- 定性指标“差”档：记 poor_ratio
    "差", "较差", "未达成", "未完成", "未达标", "低", "较低", "否", "不合规", "不满意", "无效",
    "未按时完成", "未全部完成", "不合格", "不符合要求",
    "未达成预期指标", "未达到预期指标", "未达成预期目标", "未达到预期目标", "未达到预期" },
  poor_ratio = 0,              -- “差”档得分占分值的比例
  unassessable_ratio = 0,      -- 无法评定（实际值为空）的指标得分占分值的比例
  band_achieved = { "达成年度指标" },                   -- 财预〔2020〕10号第一档：按区间认可自评分
  band_partial = { "部分达成年度指标并具有一定效果" },  -- 财预〔2020〕10号第二档
  band_missed = { "未达成年度指标且效果较差" },         -- 财预〔2020〕10号第三档
  band_achieved_min = 0.8,     -- 第一档得分区间的下限（含），上限为全部分值
  band_partial_min = 0.6,      -- 第二档得分区间的下限（含），上限为 band_achieved_min（不含）；第三档为 0 至此（不含）
}

local T = require("std.targets")

-- 参数在每份报告检查时读取（评分框架可以改写参数），所以分档在 check 中按需建立。词表（参数中的列表）
-- → {词 = true}，查一个词不必逐项比较；按列表记下：同一个列表（规则自己的，或评分框架改写的）在一次
-- 运行中总是同一个只读表，不必每份报告重新建立。
local word_sets = setmetatable({}, { __index = function(sets, list)
  local set = {}
  for _, w in ipairs(list) do
    set[w] = true
  end
  sets[list] = set
  return set
end })

-- 定性指标的分档：{ bands = { {词表, 下限比例, 上限比例, 上限不含}, ... }, full = 词表,
-- tiers = { {词表, 比例}, ... } }。
local function qualitative_scale()
  local achieved_min, partial_min = dec(P.band_achieved_min), dec(P.band_partial_min)
  return {
    bands = {
      { word_sets[P.band_achieved], achieved_min, dec(1), false },
      { word_sets[P.band_partial], partial_min, achieved_min, true },
      { word_sets[P.band_missed], dec(0), partial_min, true },
    },
    full = word_sets[P.full_words],
    tiers = {
      { word_sets[P.good_words], P.good_ratio },
      { word_sets[P.fair_words], P.fair_ratio },
      { word_sets[P.poor_words], P.poor_ratio },
    },
  }
end

local function clamp(x, points)
  if x < 0 then
    return dec(0)
  end
  if x > points then
    return points
  end
  return x
end

-- 计分方法的说明（写进发现）：how 是文字，或在报告发现时才拼写的函数。
local function how_text(e)
  if type(e.how) == "function" then
    return e.how()
  end
  return e.how
end

-- 按比例计分：x ÷ y × 分值；first、second 是 x、y 的称呼（“实际值”“目标值”）。
local function proportional(x, y, points, places, first, second)
  local s = (x > 0 and y > 0) and ratio(x * points, y, places) or dec(0)
  return { score = clamp(s, points), how = function()
    return string.format("%s %s ÷ %s %s × 分值 %s", first, tostring(x), second, tostring(y), tostring(points))
  end }
end

-- 定量指标的得分：返回 {score=, how=}，无法计分时返回 nil。
local function quantitative(t, points, places)
  local a, met = T.value(t), t.met
  if a == nil or met == nil then
    return nil
  end
  if met then
    return { score = points, how = "达到目标值，记全部分值" }
  end
  local g, op = t.goal, t.op
  if op == ">=" or op == ">" then
    return proportional(a, g, points, places, "实际值", "目标值")
  elseif op == "<=" or op == "<" then
    return proportional(g, a, points, places, "目标值", "实际值")
  elseif a < g then
    return proportional(a, g, points, places, "实际值", "目标值")
  end
  return proportional(g, a, points, places, "目标值", "实际值")
end

-- 一项绩效指标应得的分：{score=, how=}，或按区间记分的 {lo=, hi=, hi_open=, how=}；
-- 无法计分时返回 nil 和原因（原因为 nil 表示不必另行报告）。
-- ctx：这份报告的参数（places；定性指标的分档 scale 在第一次用到时建立）。
local function expected(t, points, ctx)
  if t.actual == nil then
    if t.status == "unassessable" then
      return { score = round(points * P.unassessable_ratio, ctx.places), how = "无法评定" }
    end
    return nil -- target.status 会报告
  end
  if T.quantitative(t) then
    return quantitative(t, points, ctx.places)
  end
  local word = t.actual_word
  if word == nil then
    return nil
  end
  local goal_word = t.goal_word
  if goal_word == nil then
    return nil
  end
  local scale = ctx.scale
  if scale == nil then
    scale = qualitative_scale()
    ctx.scale = scale
  end
  local plain = T.plain_word(word)
  for _, band in ipairs(scale.bands) do
    if band[1][word] then
      return { lo = round(points * band[2], ctx.places), hi = round(points * band[3], ctx.places), hi_open = band[4],
        how = string.format("“%s”", word) }
    end
  end
  if T.same_word(t) or scale.full[word] or scale.full[plain] then
    return { score = points, how = "定性指标达到目标，记全部分值" }
  end
  for _, tier in ipairs(scale.tiers) do
    if tier[1][word] or tier[1][plain] then
      return { score = round(points * tier[2], ctx.places), how = function()
        return string.format("定性指标“%s”档，记分值的 %s%%", word, tostring(dec(tier[2]) * 100))
      end }
    end
  end
  return nil, string.format("定性指标的实际值“%s”不在分档词表中，无法计分；请改用分档词（如 达成、较好、一般、差）"
    .. "或在规则参数中补充", word)
end

rule {
  id = "target.score",
  title = "绩效指标得分应按完成情况计算",
  severity = "error",
  kinds = { "department", "project" },
  policy = "有分值（points）的绩效指标按完成情况计分：定量指标完成指标值的记全部分值；未完成的，"
    .. "“不少于”类按 实际值 ÷ 目标值 × 分值、“不多于”类按 目标值 ÷ 实际值 × 分值 记分；定性指标按档次记分"
    .. string.format("（达成记全部分值，较好 %s%%，一般 %s%%，差 %s%%；“达成年度指标”“部分达成年度指标并具有一定效果”"
      .. "“未达成年度指标且效果较差”三档分别在分值的 100%%–%s%%、%s%%–%s%%、%s%%–0 之间认可自评分）；",
      tostring(dec(P.good_ratio) * 100), tostring(dec(P.fair_ratio) * 100), tostring(dec(P.poor_ratio) * 100),
      tostring(dec(P.band_achieved_min) * 100), tostring(dec(P.band_achieved_min) * 100),
      tostring(dec(P.band_partial_min) * 100), tostring(dec(P.band_partial_min) * 100))
    .. string.format("无法评定的记分值的 %s%%。", tostring(dec(P.unassessable_ratio) * 100))
    .. "自评得分与之不符的报告错误（已达成而说明了原因调减分值的，认可自评分）。一个评分指标下的绩效指标"
    .. "都有分值、且分值之和等于该指标满分时，该指标的计算得分为各项得分之和。",
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：单位自评采用定量与定性评价相结合的比较法，"
    .. "总分由各项指标得分汇总形成；定量指标完成指标值的记全部分值，未完成的按完成值与指标值的比例记分；"
    .. "定性指标分为达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差三档，"
    .. "分别按分值区间 100–80%（含）、80–60%（含）、60–0% 记分",
  check = function(r)
    local ctx = nil       -- 这份报告的参数，第一项有分值的绩效指标处读取
    local computed = {}   -- 绩效指标序号 → 计算得分（无法计分的没有）
    local given = {}      -- 绩效指标序号 → 分值（没写分值的没有）
    for i, t in ipairs(r.targets or {}) do
      local points = t.points
      if points ~= nil then
        given[i] = points
        ctx = ctx or { places = P.places }
        local e, why = expected(t, points, ctx)
        local claimed = t.score
        if e == nil then
          if why then
            finding{ severity = "warning", message = string.format("绩效指标“%s”：%s", T.name(t, i), why), at = t,
              field = "actual" }
          end
        elseif e.lo ~= nil then
          if claimed == nil then
            finding{ severity = "warning", at = t, message = string.format(
              "绩效指标“%s”的实际值为%s，按区间记分，须填写自评得分（score）", T.name(t, i), e.how) }
          elseif claimed >= e.lo and (claimed < e.hi or (not e.hi_open and claimed <= e.hi)) then
            computed[i] = claimed
          else
            finding(string.format("绩效指标“%s”的实际值为%s，得分应在 %s–%s 分之间%s，自评 %s 分", T.name(t, i), e.how,
              tostring(e.lo), tostring(e.hi), e.hi_open and "（不含上限）" or "", tostring(claimed)), t, "score")
          end
        else
          computed[i] = e.score
          -- 两种情形由别的规则报告，这里不重复：未达成却自评满分（target.full-score-unmet），
          -- 已达成而扣分、没有说明原因（target.met-deducted）。已达成、说明了原因的调减
          -- （如目标值设定偏低）认可自评分。
          if claimed ~= nil then
            local met_reduced = claimed < points and T.fully_met(t)
            if met_reduced and T.has_reason(t) then
              computed[i] = claimed
            elseif not met_reduced and not claimed:eq(e.score) and not (claimed >= points and T.unmet(t)) then
              finding(string.format("绩效指标“%s”自评 %s 分，按完成情况应为 %s 分（%s）", T.name(t, i),
                tostring(claimed), tostring(e.score), how_text(e)), t, "score")
            end
          end
        end
      end
    end
    if ctx == nil then
      return -- 没有一项绩效指标写了分值
    end

    for _, g in ipairs(targets_by_indicator()) do
      -- 各项的得分、分值先收齐，再用 sum 一次相加
      local scores, points, complete = {}, {}, true
      for k, m in ipairs(g.targets) do
        local s, p = computed[m.index], given[m.index]
        if p == nil or s == nil then
          complete = false
          break
        end
        scores[k], points[k] = s, p
      end
      -- 评分指标印了满分的，分值之和要等于它（target.indicator-points 核对）；没有印满分的
      -- （自评表的二级指标），得分就是其下绩效指标的得分之和
      local max = g.indicator.max
      if complete and (max == nil or sum(points):eq(max)) then
        -- 计分说明只在设定得分时才拼写
        local parts = {}
        for k, m in ipairs(g.targets) do
          parts[k] = string.format("%s %s", T.name(m.target, m.index), tostring(scores[k]))
        end
        set_score{ indicator = g.path, score = sum(scores),
          note = string.format("%d 项绩效指标得分之和：%s", #parts, table.concat(parts, " + ")) }
      end
    end
  end,
}

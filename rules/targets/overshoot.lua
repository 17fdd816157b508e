-- 实际完成值远超目标值：年初目标值可能设定偏低。
-- 黄埔区科技局 2022 年自评（三、存在的主要问题 3）：“绩效指标设定需更加科学合理”；
-- （三）：“存在个别绩效指标年初预期值设置过低的情况”。

local P = params {
  ratio = 150,   -- 实际完成值超过目标值的百分之多少时提示（%）
}

local T = require("std.targets")

rule {
  id = "target.overshoot",
  title = "实际值远超目标值：目标可能设定偏低",
  severity = "warning",
  kinds = { "department", "project" },
  policy = string.format("“不少于”“大于”类定量指标的实际完成值超过目标值的 %s%% 的，提示年初目标值可能设定偏低："
    .. "应分析原因；确属目标值设定明显偏低的，应按偏离度适度调减分值，并在 reason 中说明。"
    .. "已写明原因（reason）的不再提示。", P.ratio),
  reference = "《项目支出绩效评价管理办法》（财预〔2020〕10号）：对完成值高于指标值较多的，要分析原因，"
    .. "如果是由于年初指标值设定明显偏低造成的，要按照偏离度适度调减分值；"
    .. "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）",
  check = function(r)
    for i, t in ipairs(r.targets or {}) do
      -- 先看最便宜的条件：多数绩效指标不是已达成的“不少于”“大于”类
      local op = t.met == true and t.op
      if op == ">=" or op == ">" then
        local a, goal = T.value(t), t.goal
        if a ~= nil and goal > 0 and not T.has_reason(t) and a * 100 > goal * P.ratio then
          finding(string.format("绩效指标“%s”实际值 %s 是目标值 %s 的 %s%%，超过 %s%%：年初目标值可能设定偏低，"
            .. "请分析原因；确属设定偏低的应按偏离度调减分值并说明", T.name(t, i), T.actual_text(t),
            T.target_text(t), fixed(percent(a, goal), 1), P.ratio), t, "actual")
        end
      end
    end
  end,
}

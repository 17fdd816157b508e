#!/usr/bin/env python3
"""Deterministic generator of synthetic performance self-evaluation reports.

    gen.py corpus DIR --count N [--seed S] [--problems 0.10]
        N reports of both kinds (department / project), about 8 KB each,
        written as DIR/rNNNNN.yaml, plus DIR/manifest.tsv that says, for each
        file, its kind and the problem injected into it ("-" for a clean one).

    gen.py large FILE --size 50M [--seed S]
        ONE department report of about the given size (K/M suffixes), with
        many targets, budget items and asset changes.  It is clean.

Report i depends only on (seed, i): the first 100 files of a 10,000-file
corpus are the same 100 files as a 100-file corpus, so figures measured on
corpora of different sizes compare like with like.

The reports follow SPEC section 1 and the shape of examples/huangpu-2022.yaml:
money printed as text with grouping commas and sometimes a unit
("12,345.67 万元"), printed execution rates, an indicator tree, 10-20
targets such as ">= 3,000家", and facts.asset_changes.  A clean report gives
no findings at all from the standard rules (error or warning); an injected
problem makes exactly that report fail with at least one error:

    sum     a parent's score (or the total) does not add up
    rate    the printed execution rate is wrong at its printed precision
    late    (department) an asset registered more than 30 days after it
            changed while 资产管理 claims full marks
    reason  a target that was not met gives no reason

Standard library only.
"""

import argparse
import datetime
import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal

D = Decimal
CENT = D("0.01")

DISTRICTS = ["黄埔区", "天河区", "越秀区", "海珠区", "荔湾区", "白云区", "番禺区", "花都区",
             "南沙区", "从化区", "增城区"]
CITIES = ["广州市", "深圳市", "佛山市", "东莞市", "珠海市", "惠州市", "中山市", "江门市"]
BUREAUS = ["科学技术局", "教育局", "民政局", "财政局", "人力资源和社会保障局", "住房和城乡建设局",
           "交通运输局", "水务局", "农业农村局", "商务局", "文化广电旅游体育局", "卫生健康局",
           "应急管理局", "市场监督管理局", "统计局", "医疗保障局", "城市管理和综合执法局",
           "司法局", "退役军人事务局", "规划和自然资源分局", "生态环境分局", "政务服务数据管理局"]
PROJECTS = ["科技企业孵化器运营补助", "社区居家养老服务补贴", "农村饮水安全巩固提升工程",
            "中小学校舍维修改造", "智慧城管平台运维", "河涌综合整治及维护", "公共文化服务体系建设",
            "基层医疗卫生机构能力提升", "高层次人才引进资助", "职业技能提升行动补贴",
            "高标准农田建设", "老旧小区微改造", "食品安全抽检监测", "应急物资储备",
            "政务数据共享平台建设", "困难群众临时救助", "公共法律服务体系建设", "学生营养改善计划",
            "森林防火及林业有害生物防治", "小微企业融资风险补偿"]

# (indicator, unit, low, high) for count targets
COUNT_TARGETS = [
    ("科技型中小企业入库数", "家", 500, 5000), ("高新技术企业数", "家", 300, 3000),
    ("新增孵化企业数", "家", 20, 400), ("举办培训场次", "场", 5, 120),
    ("培训人次", "人次", 300, 20000), ("受益群众人数", "人", 1000, 90000),
    ("开展专项检查次数", "次", 6, 200), ("发放补贴户数", "户", 100, 8000),
    ("完成改造小区数", "个", 3, 80), ("新建改建道路长度", "公里", 2, 60),
    ("整治河涌长度", "公里", 3, 45), ("抽检批次", "批次", 200, 6000),
    ("发表论文数", "篇", 50, 2500), ("授权发明专利数", "项", 30, 1800),
    ("服务企业数", "家", 100, 4000), ("新增就业人数", "人", 500, 30000),
    ("建成服务站点数", "个", 5, 150), ("处理群众诉求件数", "件", 500, 40000),
    ("巡查覆盖社区数", "个", 10, 300), ("储备物资品种", "种", 10, 120),
]
PERCENT_TARGETS = [
    ("服务对象满意度", 85, 95), ("项目验收合格率", 95, 100), ("资金拨付及时率", 90, 100),
    ("政务信息公开率", 95, 100), ("抽检合格率", 95, 99), ("设备完好率", 90, 99),
    ("群众诉求办结率", 90, 99), ("培训考核通过率", 80, 95),
]
MONEY_TARGETS = [
    ("项目成本控制数", 50, 900), ("单位运行成本", 20, 400), ("平均每场培训成本", 1, 15),
    ("公用经费支出", 30, 600),
]
DAY_TARGETS = [("资金拨付时限", "天", 10, 60), ("项目完成时限", "天", 90, 365),
               ("诉求响应时限", "小时", 2, 48)]
WORD_TARGETS = [("档案管理规范性", "合规", "合规"), ("服务质量", "好", "较好"),
                ("社会效益", "显著", "显著"), ("制度执行有效性", "有效", "有效"),
                ("可持续发展能力", "高", "较高"), ("项目管理规范", "达成", "达成")]
NOT_MET_REASONS = [
    "受疫情影响，部分线下活动延期举办，未完成年度目标值",
    "上级部门年度内未组织评审工作，指标未能达到预期值",
    "项目招标流程较长，开工时间推迟，导致年度任务未全部完成",
    "部分企业申报积极性不高，申报数量少于预期",
    "年中预算调整，部分任务调整至下一年度实施",
    "受极端天气影响，施工进度滞后",
]
UNASSESSABLE_REASONS = [
    "活动延后至下一年度举办，本年度无法评定",
    "统计数据尚未由上级部门发布，暂无法评定",
]
DEDUCTION_REASONS = [
    ("部分项目绩效目标设置不够细化、量化", "严格按照要求细化量化绩效目标"),
    ("个别项目预算执行进度偏慢", "加强预算执行进度跟踪，按月通报"),
    ("绩效自评报告提交略有延迟", "提前部署自评工作，明确时间节点"),
    ("部分政府采购项目合同公开不及时", "完善采购合同公开流程，专人负责"),
    ("个别指标完成值未达到年初目标", "加强过程监控，及时调整工作计划"),
    ("部分服务对象对服务时效满意度不高", "优化服务流程，压缩办理时限"),
    ("公用经费控制率略高于上年", "加强公用经费管理，严控一般性支出"),
    ("部分信息公开内容不够完整", "对照公开清单逐项核对，确保应公开尽公开"),
]
ASSETS = ["办公电脑（新购）", "服务器（新购）", "打印机（报废）", "办公家具（调拨）", "执法记录仪（新购）",
          "公务用车（报废）", "投影仪（新购）", "空调（报废）", "监测设备（新购）", "档案柜（调拨）",
          "笔记本电脑（新购）", "网络交换机（新购）", "复印机（调拨）", "无人机（新购）"]
ITEMS = ["人员经费", "日常公用经费", "专项业务费", "信息化建设运维", "培训费", "课题研究经费",
         "宣传经费", "政府购买服务", "设备购置", "委托业务费", "会议费", "差旅费", "物业管理费",
         "维修（护）费", "专用材料费", "劳务费"]

DEPT_EFFECTIVENESS = [("重点工作任务完成", 20), ("工作质量", 10), ("工作时效", 5),
                      ("社会效益", 10), ("服务对象满意度", 5)]
DEPT_MANAGEMENT = [("预算编制", 3), ("预算执行", 4), ("信息公开", 4), ("绩效管理", 15),
                   ("采购管理", 10), ("资产管理", 10), ("运行成本", 4)]
PROJECT_TREE = [
    ("预算执行率", 10, []),
    ("产出指标", 50, [("数量指标", 20), ("质量指标", 15), ("时效指标", 10), ("成本指标", 5)]),
    ("效益指标", 30, [("经济效益", 8), ("社会效益", 12), ("可持续影响", 10)]),
    ("满意度指标", 10, [("服务对象满意度", 10)]),
]

NOTES = {
    "重点工作任务完成": "年度重点工作任务完成情况，对照年初部门职责和工作计划逐项核对",
    "工作质量": "重点工作完成质量，以上级考核和第三方评估结果为依据",
    "工作时效": "按计划时间节点完成各项工作的情况",
    "社会效益": "部门履职对经济社会发展产生的效益",
    "服务对象满意度": "服务对象满意度调查结果（问卷调查，样本量不少于 200 份）",
    "预算编制": "新增预算项目均按规定开展事前绩效评估，绩效目标随预算同步申报",
    "预算执行": "预算执行进度符合序时进度要求，无大额资金长期闲置",
    "信息公开": "按规定在门户网站公开预决算信息与绩效信息",
    "绩效管理": "按要求开展绩效管理制度建设与执行、绩效结果应用等工作",
    "采购管理": "按要求落实《政府采购促进中小企业发展管理办法》",
    "资产管理": "资产配置、使用、处置规范，资产变动及时登记入账",
    "运行成本": "公用经费控制率、“三公”经费控制率均达标",
    "预算执行率": "预算执行率 = 全年执行数 ÷ 全年预算数 × 100%，按比例计分",
    "数量指标": "产出数量对照年初绩效目标逐项核对",
    "质量指标": "产出质量以验收、抽检结果为依据",
    "时效指标": "项目按计划时间节点完成的情况",
    "成本指标": "项目成本控制在预算范围内的情况",
    "经济效益": "项目实施带动的经济效益",
    "可持续影响": "项目长效管理机制建立情况",
}

PROBLEMS_DEPT = ["sum", "rate", "late", "reason"]
PROBLEMS_PROJECT = ["sum", "rate", "reason"]


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def norm(d):
    """A decimal as the report would print it: no trailing zeros."""
    d = d.normalize()
    s = format(d, "f")
    return s


def money(d, rng, unit_prob=0.25):
    """Money as printed: grouping commas, 2 places, sometimes ' 万元'."""
    d = d.quantize(CENT)
    s = "{:,.2f}".format(d)
    if rng.random() < 0.3:  # "2,289.3" style: trailing zero dropped
        if s.endswith("0"):
            s = s[:-1]
            if s.endswith(".0"):
                s = s[:-2]
    if rng.random() < unit_prob:
        s += rng.choice([" 万元", "万元"])
    return q(s)


def grouped(n):
    return "{:,}".format(n)


def split_amount(total, parts, rng):
    """Split total (cents) into `parts` non-negative pieces that add up exactly."""
    cents = int(total * 100)
    cuts = sorted(rng.randint(0, cents) for _ in range(parts - 1))
    pieces, last = [], 0
    for c in cuts + [cents]:
        pieces.append(D(c - last) / 100)
        last = c
    return pieces


def grade_for(total):
    if total >= 90:
        return "优"
    if total >= 80:
        return "良"
    if total >= 60:
        return "中"
    return "差"


def round_half_up(d, places):
    return d.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


class Report:
    def __init__(self, rng, kind, year):
        self.rng, self.kind, self.year = rng, kind, year
        self.lines = []

    def w(self, s=""):
        self.lines.append(s)

    def text(self):
        return "\n".join(self.lines) + "\n"


def gen_budget(r, problem, items=None):
    """budget: lines written to r; returns the figures the scores depend on."""
    rng = r.rng
    if r.kind == "department":
        planned = D(rng.randint(200_000, 90_000_000)) / 100  # 2,000 .. 900,000 万元
    else:
        planned = D(rng.randint(5_000, 2_000_000)) / 100     # 50 .. 20,000 万元
    # execution mostly 95-100 %, sometimes down to 85 %
    low = 8500 if rng.random() < 0.3 else 9500
    executed = round_half_up(planned * D(rng.randint(low, 10000)) / 10000, 2)
    gap = planned - executed
    # the year's adjustments: mostly within 10 % of the initial budget
    adjust = D(rng.randint(0, 1000 if rng.random() < 0.85 else 1600)) / 10000
    initial = round_half_up(planned / (1 + adjust), 2)
    has_initial = r.kind == "department" or rng.random() < 0.6
    places = rng.choice([1, 1, 2])
    rate = round_half_up(executed / planned * 100, places) if planned else D(0)
    if problem == "rate":
        rate += D("0.3") if places == 1 else D("0.05")
        if rate > 100:
            rate -= D("0.6") if places == 1 else D("0.1")
    w = r.w
    w("# 一、（三）收支情况：按原报告印刷的样子录入（千分位逗号、单位）。")
    w(f"#   全年预算数 {planned:,.2f} 万元，执行数 {executed:,.2f} 万元，完成预算的 {rate}%。")
    w(f"#   预算数与执行数相差 {gap:,.2f} 万元，形成年末结转和结余或由财政收回。")
    w("budget:")
    w("  currency: 万元")
    if has_initial:
        w(f"  initial: {money(initial, rng)}          # 年初预算数")
    w(f"  planned: {money(planned, rng)}          # 全年预算数")
    w(f"  executed: {money(executed, rng)}         # 全年执行数")
    w(f"  execution_rate: {q(format(rate, 'f') + rng.choice(['%', '%', '％']))}")
    w("  sources:                       # 按资金来源分")
    if r.kind == "department":
        g, f, s, o = split_amount(executed, 4, rng) if rng.random() < 0.5 else \
            (executed, D(0), D(0), D(0))
    else:
        g, o = split_amount(executed, 2, rng)
        f = s = D(0)
    for key, v in (("general_public", g), ("government_fund", f), ("state_capital", s),
                   ("other", o)):
        w(f"    {key}: {money(v, rng, 0.1) if v else 0}")
    if r.kind == "department":
        basic, project = split_amount(executed, 2, rng)
        w("  nature:                        # 按支出性质看")
        w(f"    basic: {money(basic, rng, 0.1)}")
        w(f"    project: {money(project, rng, 0.1)}")
    if rng.random() < 0.5 or gap == 0:
        carry = gap
        w(f"  carryover: {money(gap, rng, 0.1) if gap else 0}   # 年末结转和结余")
    else:
        carry = round_half_up(gap * D(rng.randint(0, 100)) / 100, 2)
        w(f"  carryover: {money(carry, rng, 0.1) if carry else 0}   # 年末结转和结余")
        w(f"  returned: {money(gap - carry, rng, 0.1)}   # 财政收回")
    n_items = items if items is not None else rng.randint(4, 10)
    if n_items:
        w("  items:")
        # budget.items-sum: the items add up to planned and to executed
        pieces = [int(p * 100) for p in split_amount(planned, n_items, rng)]
        gap_cents = int(gap * 100)
        unspent = [p * gap_cents // int(planned * 100) for p in pieces]
        left, i = gap_cents - sum(unspent), 0
        while left > 0:
            if unspent[i % n_items] < pieces[i % n_items]:
                unspent[i % n_items] += 1
                left -= 1
            i += 1
        for i in range(n_items):
            p = D(pieces[i]) / 100
            e = D(pieces[i] - unspent[i]) / 100
            name = ITEMS[i % len(ITEMS)] + ("" if i < len(ITEMS) else f"（{i // len(ITEMS)}）")
            w(f"    - {{name: {name}, planned: {money(p, rng, 0.3)}, executed: {money(e, rng, 0.3)}}}")
    return {"planned": planned, "executed": executed, "carryover": carry,
            "initial": initial if has_initial else None}


def percent(a, b):
    """a / b * 100 to 10 places, half away from zero: the rules' percent()."""
    return round_half_up(a * 100 / b, 10)


def per_point(gap, per, most):
    """The department rules' deduction: whole percentage points past the
    limit (the part under one point not counted) times `per`, at most `most`."""
    if gap <= 0:
        return D(0)
    return min(D(int(gap)) * per, most)


def pct(x):
    return f"{round_half_up(x, 2)}%"


def dept_rule_losses(budget, facts):
    """What the department framework rules of the standard set deduct from
    管理效率/预算执行 and 管理效率/运行成本, as [(points, reason)] by indicator,
    so that a clean report claims exactly what they compute."""
    out = {"预算执行": [], "运行成本": []}
    planned, executed = budget["planned"], budget["executed"]
    rate = percent(executed, planned)
    pts = per_point(100 - rate, D("0.1"), D(2))
    if pts:
        out["预算执行"].append((pts, f"预算执行率 {pct(rate)}，低于 100%，每低 1 个百分点扣 0.1 分"))
    rate = percent(budget["carryover"], planned)
    pts = per_point(rate - 5, D("0.1"), D(1))
    if pts:
        out["预算执行"].append((pts, f"结转结余率 {pct(rate)}，超过 5%，每超过 1 个百分点扣 0.1 分"))
    if budget["initial"]:
        rate = percent(abs(planned - budget["initial"]), budget["initial"])
        pts = per_point(rate - 10, D("0.1"), D(1))
        if pts:
            out["预算执行"].append((pts, f"预算调整率 {pct(rate)}，超过 10%，每超过 1 个百分点扣 0.1 分"))
    for key, label in (("three_public", "“三公”经费控制率"), ("public_funds", "公用经费控制率")):
        b, a = facts[key]
        rate = percent(a, b)
        pts = per_point(rate - 100, D("0.2"), D(2))
        if pts:
            out["运行成本"].append((pts, f"{label} {pct(rate)}，超过 100%，每超过 1 个百分点扣 0.2 分"))
    return out


def gen_cost_facts(rng):
    """facts.three_public and facts.public_funds: {budget, actual} in 万元."""
    out = {}
    for key, lo, hi in (("three_public", 500, 20_000), ("public_funds", 5_000, 300_000)):
        b = D(rng.randint(lo, hi)) / 100
        share = rng.randint(800, 1000) if rng.random() < 0.92 else rng.randint(1000, 1080)
        out[key] = (b, round_half_up(b * share / 1000, 2))
    return out


def leaf_loss(rng):
    x = rng.random()
    if x < 0.55:
        return D(0)
    if x < 0.75:
        return D("0.5")
    if x < 0.85:
        return D(1)
    return D(rng.randint(1, 250)) / 100


def deductions_for(rng, loss, indent):
    """Claimed deductions adding up to `loss` (points sometimes not printed)."""
    out = []
    n = 1 if loss <= 1 or rng.random() < 0.6 else 2
    if n == 2:
        first = round_half_up(loss * D(rng.randint(20, 80)) / 100, 2)
        pts = [first, loss - first]
    else:
        pts = [loss]
    with_points = rng.random() < 0.8
    for p in pts:
        reason, fix = rng.choice(DEDUCTION_REASONS)
        if with_points:
            out.append(f"{indent}- points: {norm(p)}")
            out.append(f"{indent}  reason: {reason}")
        else:
            out.append(f"{indent}- reason: {reason}")
        out.append(f"{indent}  fix: {fix}")
    return out


def gen_assets(r, problem, count=None, late_prob=0.15):
    """facts.asset_changes; returns True when one is late (> 30 days)."""
    rng = r.rng
    n = count if count is not None else rng.randint(2, 8)
    start = datetime.date(r.year, 1, 1)
    rows, any_late = [], False
    late_index = rng.randrange(n) if problem == "late" else -1
    for i in range(n):
        changed = start + datetime.timedelta(days=rng.randint(0, 300))
        if i == late_index:
            delay = rng.randint(31, 90)
        elif rng.random() < late_prob and problem != "late":
            delay = rng.randint(31, 80)
        else:
            delay = rng.choice([rng.randint(0, 29), 30]) if rng.random() < 0.1 else rng.randint(1, 28)
        any_late = any_late or delay > 30
        registered = changed + datetime.timedelta(days=delay)
        name = ASSETS[rng.randrange(len(ASSETS))]
        if count is not None and count > len(ASSETS):
            name = f"{name}{i + 1:06d}"
        rows.append(f"    - {{asset: {name}, changed_on: {changed.isoformat()}, "
                    f"registered_on: {registered.isoformat()}}}")
    return rows, any_late


def gen_tree(r, problem, fixed):
    """scores: the tree, total and grade; returns the lines and the leaves.

    fixed: leaf name -> [(points, reason)], the deductions a rule of the
    standard set computes for that leaf; the report claims exactly those.
    Other leaves lose random points with a claimed reason (no rule checks
    them, so their claims are carried)."""
    rng = r.rng
    if r.kind == "department":
        tree = [("履职效能", 50, DEPT_EFFECTIVENESS), ("管理效率", 50, DEPT_MANAGEMENT)]
    else:
        tree = PROJECT_TREE
    nodes = []  # (name, max, score, children: [(name, max, score, loss, claimed)], loss, claimed)
    for name, mx, children in tree:
        leaves = children or [(None, mx)]
        kids = []
        for cname, cmax in leaves:
            key = cname or name
            if key in fixed:
                claimed = fixed[key]
                loss = min(sum((p for p, _ in claimed), D(0)), D(cmax))
            else:
                loss = min(leaf_loss(rng), D(cmax))
                claimed = None
            kids.append((cname, D(cmax), D(cmax) - loss, loss, claimed))
        if children:
            score = sum((k[2] for k in kids), D(0))
            nodes.append((name, D(mx), score, kids, None, None))
        else:
            _, _, score, loss, claimed = kids[0]
            nodes.append((name, D(mx), score, [], loss, claimed))
    total = sum((n[2] for n in nodes), D(0))
    sum_kind = rng.choice(["parent", "total"]) if problem == "sum" else None
    printed_scores = [n[2] for n in nodes]
    if sum_kind == "parent":
        parents = [i for i, n in enumerate(nodes) if n[3]]
        i = rng.choice(parents)
        delta = D(1) if printed_scores[i] + 1 <= nodes[i][1] else D(-1)
        printed_scores[i] += delta
        total = sum(printed_scores, D(0))  # the total adds up; the parent does not
    elif sum_kind == "total":
        total += D(1) if total + 1 <= 100 else D(-1)

    def claim(lines, loss, claimed, indent):
        if not loss:
            return
        lines.append(indent[:-2] + "deductions:")
        if claimed is None:
            lines += deductions_for(rng, loss, indent)
            return
        for p, reason in claimed:
            lines += [f"{indent}- points: {norm(p)}", f"{indent}  reason: {reason}",
                      f"{indent}  fix: {rng.choice(DEDUCTION_REASONS)[1]}"]

    lines = ["# 二、自评得分表（报告自称的得分）。",
             "scores:", f"  total: {norm(total)}", f"  grade: {grade_for(total)}",
             "  indicators:"]
    for (name, mx, _, kids, loss, claimed), score in zip(nodes, printed_scores):
        lines += [f"    - name: {name}", f"      max: {norm(mx)}", f"      score: {norm(score)}"]
        if kids:
            lines.append("      children:")
            for k, (cname, cmax, cscore, closs, cclaimed) in enumerate(kids):
                lines.append(f"        # （{k + 1}）{NOTES.get(cname, cname)}")
                lines += [f"        - name: {cname}", f"          max: {norm(cmax)}",
                          f"          score: {norm(cscore)}"]
                claim(lines, closs, cclaimed, "            ")
        else:
            claim(lines, loss, claimed, "        ")
    return lines, [(n[0], [k[0] for k in n[3]]) for n in nodes]


# The kinds of target that suit each project leaf indicator.
LEAF_KINDS = {
    "数量指标": ["count"], "质量指标": ["percent", "word"], "时效指标": ["days"],
    "成本指标": ["money"], "经济效益": ["count", "money"], "社会效益": ["count", "word"],
    "可持续影响": ["word"], "服务对象满意度": ["percent"],
}


def ratio(a, b, places=2):
    return round_half_up(a / b, places)


def gen_target(rng, indicator, plan, points=None, kinds=None):
    """One target as lines, and the score target.score computes for it
    (when it has points).  plan: met | not_met | unassessable.  A target
    not met falls at least 5 % short, so its score is never full marks."""
    lines = []
    if plan == "unassessable":
        name, word, _ = rng.choice(WORD_TARGETS)
        lines += [f"  - name: {name}", f"    indicator: {indicator}", f"    target: {word}",
                  "    actual: null"]
        if points is not None:
            lines += [f"    points: {norm(points)}", "    score: 0"]
        lines += ["    status: unassessable", f"    reason: {rng.choice(UNASSESSABLE_REASONS)}"]
        return lines, D(0)
    want_met = plan == "met"
    kind = rng.choice(kinds) if kinds else \
        rng.choices(["count", "percent", "money", "days", "word"], [45, 20, 12, 10, 13])[0]
    score = points
    if kind == "count":
        name, unit, lo, hi = rng.choice(COUNT_TARGETS)
        goal = rng.randint(max(lo, 20), hi)
        actual = rng.randint(goal, int(goal * 1.3)) if want_met else \
            rng.randint(int(goal * 0.6), int(goal * 0.95))
        tgt = f">= {grouped(goal)}{unit}" if rng.random() < 0.6 else f">= {goal}"
        act = q(grouped(actual)) if actual >= 1000 and rng.random() < 0.5 else str(actual)
        if rng.random() < 0.2:
            act = q(f"{grouped(actual)}{unit}")
        if not want_met and points is not None:
            score = ratio(actual * points, goal)
    elif kind == "percent":
        name, lo, hi = rng.choice(PERCENT_TARGETS)
        unit = "%"
        goal = D(rng.randint(lo, min(hi, 99)))
        if want_met:
            actual = min(D(100), goal + D(rng.randint(0, 50)) / 10)
        else:
            actual = round_half_up(goal * D(rng.randint(800, 950)) / 1000, 1)
        tgt = f">= {norm(goal)}%"
        act = q(f"{norm(actual)}%")
        if not want_met and points is not None:
            score = ratio(actual * points, goal)
    elif kind == "money":
        name, lo, hi = rng.choice(MONEY_TARGETS)
        unit = "万元"
        goal = D(rng.randint(lo * 10, hi * 10)) / 10
        if want_met:
            actual = round_half_up(goal * D(rng.randint(850, 1000)) / 1000, 2)
        else:
            actual = round_half_up(goal * D(rng.randint(1060, 1200)) / 1000, 2)
        tgt = f"<= {norm(goal)}万元"
        if rng.random() < 0.4:  # printed in 元, converted by the checker
            act = q("{:,}元".format(int(actual * 10000)))
        else:
            act = q(f"{norm(actual)}万元")
        if not want_met and points is not None:
            score = ratio(goal * points, actual)
    elif kind == "days":
        name, unit, lo, hi = rng.choice(DAY_TARGETS)
        goal = rng.randint(lo, hi)
        actual = rng.randint(max(1, goal // 2), goal) if want_met else \
            rng.randint(int(goal * 1.06) + 1, goal * 2)
        tgt = f"<= {goal}{unit}"
        act = str(actual)
        if not want_met and points is not None:
            score = ratio(D(goal) * points, D(actual))
    else:
        name, word, _ = rng.choice(WORD_TARGETS)
        unit = None
        tgt, act = word, (word if want_met else "未达成")
        if not want_met and points is not None:
            score = D(0)
    lines += [f"  # {name}：年初目标 {tgt}，实际完成 {act.strip(chr(34))}",
              f"  - name: {name}", f"    indicator: {indicator}", f"    target: {q(tgt)}",
              f"    actual: {act}"]
    if unit:
        lines.append(f"    unit: {q(unit) if unit == '%' else unit}")
    if points is not None:
        lines += [f"    points: {norm(points)}", f"    score: {norm(score)}"]
    lines.append(f"    status: {'met' if want_met else 'not_met'}")
    if not want_met:
        lines.append(f"    reason: {rng.choice(NOT_MET_REASONS)}")
        lines.append(f"    fix: {rng.choice(DEDUCTION_REASONS)[1]}")
    return lines, score


def split_points(total, k, rng):
    """total (an integer) as k positive integers."""
    cuts = sorted(rng.sample(range(1, total), k - 1)) if k > 1 else []
    return [D(b - a) for a, b in zip([0] + cuts, cuts + [total])]


def gen_targets(r, problem, groups, count=None):
    """targets: lines, and for project reports the computed score of each leaf.

    groups: [(indicator path, leaf max or None)].  With a max (project
    reports), each leaf gets targets whose points add up to it, each with
    the score target.score computes, and the leaf's score is their sum;
    without (department reports, like the seed) targets carry no points."""
    rng = r.rng
    n = count if count is not None else rng.randint(10, 20)
    plan = []
    for i in range(n):
        x = rng.random()
        plan.append("unassessable" if x < 0.04 else "not_met" if x < 0.16 else "met")
    if problem == "reason" and "not_met" not in plan:
        plan[rng.randrange(n)] = "not_met"
    drop_at = [i for i, p in enumerate(plan) if p == "not_met"]
    drop = rng.choice(drop_at) if problem == "reason" else -1
    # which leaf each target feeds
    if groups[0][1] is None:
        where = [rng.choice(groups)[0] for _ in range(n)]
    else:
        per = [1] * len(groups)
        while sum(per) < n:
            i = rng.randrange(len(groups))
            if per[i] < min(4, int(groups[i][1])):  # at most 4, and a whole point each
                per[i] += 1
        where = [g[0] for g, k in zip(groups, per) for _ in range(k)]
        rng.shuffle(where)
    points = {}
    leaf_max = dict(groups)
    for path in set(where):
        if leaf_max[path] is not None:
            parts = split_points(int(leaf_max[path]), where.count(path), rng)
            points[path] = parts
    lines = ["# 绩效指标：目标值与实际完成值。", "targets:"]
    scores = {}
    for i, (p, path) in enumerate(zip(plan, where)):
        pts = points[path].pop() if path in points else None
        leaf = path.split("/")[-1]
        t, score = gen_target(rng, path, p, pts, LEAF_KINDS.get(leaf) if pts is not None else None)
        if pts is not None:
            name = next(x for x in t if x.startswith("  - name: "))[len("  - name: "):]
            scores.setdefault(path, []).append((name, pts, score))
        if i == drop:
            t = [x for x in t if not x.startswith("    reason:")]
        lines += t
    return lines, scores


def gen_report(seed, index, problem, kind=None, large_targets=None, large_items=None,
               large_assets=None):
    rng = random.Random(f"{seed}:{index}")
    kind = kind or ("department" if rng.random() < 0.5 else "project")
    year = rng.choice([2021, 2022, 2023])
    r = Report(rng, kind, year)
    city = rng.choice(CITIES)
    unit = f"{city}{rng.choice(DISTRICTS)}{rng.choice(BUREAUS)}"
    title = "部门整体支出" if kind == "department" else "项目支出"
    r.w(f"# {unit}{year}年度{title}绩效自评报告（合成数据，bench/gen.py 生成，编号 {index}）")
    r.w("#")
    r.w("# 金额、比率均按原报告印刷的样子写成字符串（保留千分位逗号），由 pevcheck 自行换算和核对。")
    r.w()
    r.w("pev: 1")
    r.w(f"kind: {kind}")
    r.w(f"unit: {unit}")
    r.w(f"year: {year}")
    if kind == "project":
        r.w(f"project: {year}年{rng.choice(PROJECTS)}")
    r.w()
    budget = gen_budget(r, problem, items=large_items)
    r.w()
    assets, late = gen_assets(r, problem, count=large_assets,
                              late_prob=0.0 if large_assets else 0.04)
    fixed = {}
    if kind == "department":
        costs = gen_cost_facts(rng)
        fixed = dept_rule_losses(budget, costs)
        # dept.asset.registration-late takes 0.5 off 资产管理 when one is late;
        # the "late" problem claims full marks all the same
        fixed["资产管理"] = [(D("0.5"), "资产变动登记不够及时")] if late and problem != "late" else []
        groups = [(f"履职效能/{name}", None) for name, _ in DEPT_EFFECTIVENESS]
    else:
        # project.execution-rate-score: executed / planned x its 10 points
        points = min(D(10), ratio(budget["executed"] * 10, budget["planned"]))
        rate = percent(budget["executed"], budget["planned"])
        fixed["预算执行率"] = [(D(10) - points, f"预算执行率 {pct(rate)}，按执行率 × 10 分计分")] \
            if points < 10 else []
        groups = [(f"{name}/{k}", D(m)) for name, _, kids in PROJECT_TREE for k, m in kids]
    target_lines, target_scores = gen_targets(r, problem, groups, count=large_targets)
    for path, parts in target_scores.items():
        # target.score: a leaf whose targets' points add up to its max scores
        # the sum of their scores; claim the shortfall target by target
        fixed[path.split("/")[-1]] = [
            (pts - score, f"绩效指标“{name}”未达到目标值，按完成比例记 {norm(score)} 分")
            for name, pts, score in parts if score < pts]
    tree, _ = gen_tree(r, problem, fixed)
    r.lines += tree
    r.w()
    r.lines += target_lines
    r.w()
    r.w("# 供标准规则读取的事实记录。")
    r.w("facts:")
    r.w("  # 资产变动：变动日期与登记日期（登记晚于变动 30 天以上即为不及时）。")
    r.w("  asset_changes:")
    r.lines += assets
    if kind == "department":
        r.w("  # 运行成本：“三公”经费、公用经费的预算数与实际支出数（万元）。")
        for key in ("three_public", "public_funds"):
            b, a = costs[key]
            r.w(f"  {key}: {{budget: {q(format(b, ',f'))}, actual: {q(format(a, ',f'))}}}")
    r.w("  science_outreach:")
    r.w(f"    events: {rng.randint(5, 80)}")
    r.w(f"    contestants: {rng.randint(40, 400)}")
    r.w(f"    awards: {rng.randint(0, 39)}")
    return kind, r.text()


def parse_size(s):
    s = s.strip().upper()
    mult = 1
    if s.endswith("K"):
        mult, s = 1 << 10, s[:-1]
    elif s.endswith("M"):
        mult, s = 1 << 20, s[:-1]
    elif s.endswith("G"):
        mult, s = 1 << 30, s[:-1]
    return int(float(s) * mult)


def cmd_corpus(a):
    os.makedirs(a.dir, exist_ok=True)
    manifest = []
    total = 0
    for i in range(a.count):
        pick = random.Random(f"{a.seed}:problem:{i}")
        problem = None
        if pick.random() < a.problems:
            problem = pick.choice(PROBLEMS_DEPT)
        kind, text = gen_report(a.seed, i, problem)
        if problem == "late" and kind == "project":  # the asset rule is department-only
            problem = pick.choice(PROBLEMS_PROJECT)
            kind, text = gen_report(a.seed, i, problem)
        name = f"r{i:05d}.yaml"
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(a.dir, name), "wb") as f:
            f.write(data)
        manifest.append(f"{name}\t{kind}\t{problem or '-'}\n")
    with open(os.path.join(a.dir, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("# file\tkind\tproblem\n")
        f.writelines(manifest)
    if not a.quiet:
        bad = sum(1 for m in manifest if not m.rstrip().endswith("\t-"))
        print(f"gen.py: {a.count} reports in {a.dir} ({total / a.count / 1024:.1f} KB average, "
              f"{bad} with an injected problem)", file=sys.stderr)


def cmd_large(a):
    want = parse_size(a.size)
    # Measured sizes per element, then one generation at the right counts.
    _, base = gen_report(a.seed, "large", None, kind="department", large_targets=0,
                         large_items=0, large_assets=1)
    _, probe = gen_report(a.seed, "large", None, kind="department", large_targets=1000,
                          large_items=1000, large_assets=1000)
    per_unit = (len(probe.encode()) - len(base.encode())) / 1000
    n = max(1, int((want - len(base.encode())) / per_unit))
    _, text = gen_report(a.seed, "large", None, kind="department", large_targets=n,
                         large_items=n, large_assets=n)
    data = text.encode("utf-8")
    with open(a.file, "wb") as f:
        f.write(data)
    if not a.quiet:
        print(f"gen.py: {a.file}: {len(data) / (1 << 20):.1f} MiB, {n} targets, {n} budget items, "
              f"{n} asset changes", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus", help="N reports of about 8 KB each")
    c.add_argument("dir")
    c.add_argument("--count", type=int, default=100)
    c.add_argument("--seed", default="pevcheck-bench-1")
    c.add_argument("--problems", type=float, default=0.10)
    c.add_argument("--quiet", action="store_true")
    c.set_defaults(run=cmd_corpus)
    g = sub.add_parser("large", help="one large report")
    g.add_argument("file")
    g.add_argument("--size", default="50M")
    g.add_argument("--seed", default="pevcheck-bench-1")
    g.add_argument("--quiet", action="store_true")
    g.set_defaults(run=cmd_large)
    a = p.parse_args()
    a.run(a)


if __name__ == "__main__":
    main()

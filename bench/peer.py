#!/usr/bin/env python3
"""The peer: what a user would write instead of pevcheck.

    peer.py [-o FILE] PATH...     (a directory: every .yaml/.yml/.json under it)

PyYAML with the C loader (yaml.CSafeLoader, i.e. libyaml underneath) loads
each report, and plain Python makes the same core checks as pevcheck's
standard rules, on decimal.Decimal values taken from the numbers as printed
(grouping commas and unit words stripped, currency units converted):

    score.children-sum     children add up to the parent, at the parent's precision
    score.total            top-level scores add up to the total
    score.grade            grade matches the total's band (优 90 / 良 80 / 中 60 / 差)
    score.range            0 <= score <= max, score present
    score.deduction-reason every claimed deduction has a reason; a leaf below
                           max has at least one
    budget.execution-rate  printed rate = executed / planned at its printed precision
    budget.breakdown-sum   sources and nature add up to executed
    budget.carryover       planned - executed = carryover + returned
    dept.asset.registration-late
                           an asset registered > 30 days after it changed
                           takes 0.5 off 管理效率/资产管理 (department reports)
    dept.budget.execution-rate / carryover-rate / adjustment-rate
                           0.1 per whole point below 100 % / above 5 % / above
                           10 % off 管理效率/预算执行 (department reports)
    dept.cost.three-public / public-funds
                           0.2 per whole point above 100 % off 管理效率/运行成本
    pev.score              a rule-computed indicator (and its parents) differs
                           from the claim
    target.reason          targets not met (computed from target/actual, units
                           converted) or unassessable give a reason

and prints the findings as JSON, one object for the run.  It is honest but
does less than pevcheck: no line/column positions, no sandbox or per-rule
limits, no rules loaded from files (the checks are hard-coded), no scores
table in the output, no format validation beyond what the checks touch.
"""

import datetime
import json
import os
import re
import sys
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import yaml

D = Decimal
ZERO = D(0)
if not getattr(yaml, "CSafeLoader", None):
    sys.exit("peer.py: PyYAML was built without libyaml (no yaml.CSafeLoader)")


class Loader(yaml.CSafeLoader):
    """CSafeLoader, with floats kept as the Decimal that was printed (9.50 stays 9.50)."""


def _float_as_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return D(text)
    except InvalidOperation:
        return text


Loader.add_constructor("tag:yaml.org,2002:float", _float_as_decimal)

FULLWIDTH = str.maketrans("０１２３４５６７８９，．％－＋　", "0123456789,.%-+ ")
NUMBER = re.compile(r"\s*([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(%|[^\d\s.,%][^\d\s.,]*)?\s*$")
CURRENCY = {"元": 0, "千元": 3, "万元": 4, "百万元": 6, "亿元": 8}
QUALIFIERS = ("以上", "以下", "以内", "左右", "超", "约", "近", "逾", "余", "多", "不足", "不到")
GRADES = ((D(90), "优"), (D(80), "良"), (D(60), "中"), (D(0), "差"))
OPS = ((">=", ">="), ("<=", "<="), ("==", "="), ("≥", ">="), ("≤", "<="), (">", ">"),
       ("<", "<"), ("=", "="))
MET_WORDS = {"达成", "已达成", "完成", "已完成", "达标", "是", "合规", "好", "较好", "良好", "优",
             "优秀", "高", "较高", "满意", "有效", "显著"}
NOT_MET_WORDS = {"未达成", "未完成", "未达标", "否", "不合规", "差", "较差", "低", "较低", "不满意",
                 "无效"}
ASSET_DEADLINE_DAYS = 30
ASSET_POINTS = D("0.5")
ASSET_INDICATOR = "管理效率/资产管理"


def printed(value):
    """(Decimal, unit) for a number as printed, or None when it is text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Decimal)):
        return D(value), ""
    if isinstance(value, float):
        return D(repr(value)), ""
    if not isinstance(value, str):
        return None
    m = NUMBER.match(value.translate(FULLWIDTH))
    if not m:
        return None
    sign, whole, frac, unit = m.groups()
    unit = unit or ""
    if any(q in unit for q in QUALIFIERS):
        return None
    number = D(sign + whole.replace(",", "") + ("." + frac if frac else ""))
    return number, unit


def money(value, currency_exp):
    """A money amount in the report's currency, or None."""
    p = printed(value)
    if p is None:
        return None
    number, unit = p
    if unit in CURRENCY:
        return number.scaleb(CURRENCY[unit] - currency_exp)
    return number if unit == "" else None


def score(value):
    p = printed(value)
    if p is None or p[1] not in ("", "分"):
        return None
    return p[0]


def places(d):
    e = d.as_tuple().exponent
    return -e if e < 0 else 0


def same_at_precision(stated, exact):
    rounded = exact.quantize(D(1).scaleb(-places(stated)), rounding=ROUND_HALF_UP)
    return rounded == stated, rounded


def plain(d):
    """A decimal for a message: as computed, no exponent."""
    return format(d, "f")


def percent(a, b):
    """a / b * 100 to 10 places, as the rules' percent()."""
    return (a * 100 / b).quantize(D("1e-10"), rounding=ROUND_HALF_UP)


def per_point(gap, per, most):
    """Whole percentage points past a limit times `per`, at most `most`."""
    if gap <= 0:
        return ZERO
    return min(D(int(gap)) * per, most)


def grade_for(total):
    for low, name in GRADES:
        if total >= low:
            return name
    return None


def as_date(v):
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    if isinstance(v, str):
        try:
            return datetime.date.fromisoformat(v)
        except ValueError:
            return None
    return None


class Checker:
    def __init__(self):
        self.findings = []

    def add(self, rule, severity, message, path, indicator=None, points=None):
        f = {"rule": rule, "severity": severity, "message": message, "path": path}
        if indicator is not None:
            f["indicator"] = indicator
        if points is not None:
            f["points"] = float(points)
        self.findings.append(f)

    # ---- budget -------------------------------------------------------
    def budget(self, b):
        if not isinstance(b, dict):
            self.add("pev.format", "error", "缺少 budget（预算执行）", "budget")
            return
        cur = CURRENCY.get(b.get("currency") or "万元", 4)
        vals = {}
        for key in ("planned", "executed", "carryover", "returned"):
            if b.get(key) is not None:
                v = money(b[key], cur)
                if v is None:
                    self.add("pev.format", "error", f"{key} 应当是数字，这里是“{b[key]}”", "budget." + key)
                vals[key] = v
        planned, executed = vals.get("planned"), vals.get("executed")
        if b.get("execution_rate") is not None and planned is not None and executed is not None:
            p = printed(b["execution_rate"])
            if p is None:
                self.add("pev.format", "error", "预算执行率应当是百分比", "budget.execution_rate")
            elif planned == 0:
                self.add("budget.execution-rate", "error", "全年预算数为 0，无法计算预算执行率", "budget.planned")
            else:
                same, rounded = same_at_precision(p[0], executed * 100 / planned)
                if not same:
                    self.add("budget.execution-rate", "error",
                             f"预算执行率写为 {plain(p[0])}%，但执行数 {plain(executed)} ÷ 预算数 "
                             f"{plain(planned)} = {plain(rounded)}%", "budget.execution_rate")
        if executed is not None:
            for key, label in (("sources", "按资金来源分"), ("nature", "按支出性质分")):
                part = b.get(key)
                if not isinstance(part, dict):
                    continue
                amounts = [money(v, cur) for v in part.values()]
                amounts = [a for a in amounts if a is not None]
                if amounts:
                    same, rounded = same_at_precision(executed, sum(amounts, ZERO))
                    if not same:
                        self.add("budget.breakdown-sum", "error",
                                 f"{label}的支出合计 {plain(rounded)}，与全年执行数 {plain(executed)} 不符"
                                 f"（相差 {plain(executed - rounded)}）", "budget." + key)
        if planned is not None and executed is not None:
            gap = planned - executed
            carry = vals.get("carryover") or ZERO
            returned = vals.get("returned") or ZERO
            if abs(gap - carry - returned) > 0:
                self.add("budget.carryover", "warning",
                         f"全年预算数 − 执行数 = {gap:.2f}，而年末结转和结余为 {carry:.2f}；请说明差额 "
                         f"{abs(gap - carry - returned):.2f} 的去向",
                         "budget.carryover" if "carryover" in b else "budget.executed")

    # ---- scores -------------------------------------------------------
    def walk(self, items, prefix, dpath, out):
        """Pre-order list of (path, data path, node, max, score, children_list)."""
        if not isinstance(items, list):
            return
        for i, ind in enumerate(items):
            here = f"{dpath}[{i}]"
            if not isinstance(ind, dict):
                self.add("pev.format", "error", "指标应当是映射", here)
                continue
            name = ind.get("name") or "?"
            path = f"{prefix}/{name}" if prefix else str(name)
            mx = score(ind.get("max")) if ind.get("max") is not None else None
            sc = score(ind.get("score")) if ind.get("score") is not None else None
            kids = ind.get("children") if isinstance(ind.get("children"), list) else []
            entry = {"path": path, "dpath": here, "node": ind, "max": mx, "score": sc,
                     "children": []}
            out.append(entry)
            start = len(out)
            self.walk(kids, path, here + ".children", out)
            entry["children"] = [e for e in out[start:] if e["path"].count("/") == path.count("/") + 1]

    def scores(self, s, kind, facts, doc_budget):
        if not isinstance(s, dict):
            return
        flat = []
        self.walk(s.get("indicators"), "", "scores.indicators", flat)
        for e in flat:
            ind, sc, mx = e["node"], e["score"], e["max"]
            # score.range
            if sc is None:
                self.add("score.range", "error", f"指标“{e['path']}”没有填写自评得分（score）", e["dpath"])
            elif sc < 0:
                self.add("score.range", "error", f"指标“{e['path']}”的自评得分 {sc} 为负数", e["dpath"] + ".score")
            elif mx is not None and sc > mx:
                self.add("score.range", "error", f"指标“{e['path']}”的自评得分 {sc} 超过满分 {mx}",
                         e["dpath"] + ".score")
            # score.children-sum
            kids = e["children"]
            if kids:
                for field in ("score", "max"):
                    stated = e[field]
                    values = [k[field] for k in kids if k[field] is not None]
                    if stated is not None and len(values) == len(kids):
                        total = sum(values, ZERO)
                        if not same_at_precision(stated, total)[0]:
                            self.add("score.children-sum", "error",
                                     f"指标“{e['path']}”的{'自评得分' if field == 'score' else '满分'}为 "
                                     f"{stated}，但下级指标之和为 {total}", f"{e['dpath']}.{field}")
            # score.deduction-reason
            deds = ind.get("deductions") or []
            if isinstance(deds, list):
                for i, d in enumerate(deds):
                    if not isinstance(d, dict) or not d.get("reason"):
                        self.add("score.deduction-reason", "error",
                                 f"指标“{e['path']}”的第 {i + 1} 条扣分没有写明原因（reason）",
                                 f"{e['dpath']}.deductions[{i}]")
            if not kids and sc is not None and mx is not None and sc < mx and not deds:
                self.add("score.deduction-reason", "error",
                         f"指标“{e['path']}”得分 {sc} 低于满分 {mx}，但没有扣分说明（deductions）",
                         e["dpath"] + ".score")
        # score.total and score.grade
        total = score(s.get("total")) if s.get("total") is not None else None
        tops = [e for e in flat if "/" not in e["path"]]
        if total is not None and tops and all(e["score"] is not None for e in tops):
            parts = sum((e["score"] for e in tops), ZERO)
            if not same_at_precision(total, parts)[0]:
                self.add("score.total", "error", f"总分为 {total}，但一级指标得分之和为 {parts}", "scores.total")
        if total is not None:
            expected = grade_for(total)
            if s.get("grade") is None:
                self.add("score.grade", "error", f"评分表没有填写等级（grade）；总分 {total} 对应等级“{expected}”",
                         "scores")
            elif s.get("grade") != expected:
                self.add("score.grade", "error",
                         f"等级为“{s.get('grade')}”，但总分 {total} 对应的等级是“{expected}”", "scores.grade")
        if kind != "department":
            return
        # the rules that compute a score: deductions by indicator path
        deducted = self.dept_deductions(doc_budget, facts, flat)
        computed = {}
        for e in reversed(flat):
            if e["path"] in deducted and not e["children"] and e["max"] is not None:
                computed[e["path"]] = max(e["max"] - deducted[e["path"]], ZERO)
            elif e["children"] and any(k["path"] in computed for k in e["children"]):
                values = [computed.get(k["path"], k["score"]) for k in e["children"]]
                if all(v is not None for v in values):
                    computed[e["path"]] = sum(values, ZERO)
        for e in flat:
            if e["path"] in computed and computed[e["path"]] != e["score"]:
                self.add("pev.score", "error",
                         f"指标“{e['path']}”自评 {e['score']} 分，按规则计算应为 {computed[e['path']]} 分",
                         e["dpath"] + ".score", e["path"],
                         e["score"] - computed[e["path"]] if e["score"] is not None else None)

    def dept_deductions(self, b, facts, flat):
        """Department reports: what the standard rules take off 管理效率/资产管理,
        /预算执行 and /运行成本, for the indicators whose data is complete."""
        out = {}
        by_path = {e["path"]: e for e in flat}
        # dept.asset.registration-late
        changes = facts.get("asset_changes")
        if isinstance(changes, list):
            late, first = [], None
            for i, c in enumerate(changes):
                if not isinstance(c, dict):
                    continue
                changed, reg = as_date(c.get("changed_on")), c.get("registered_on")
                if changed is None:
                    self.add("dept.asset.registration-late", "warning", "资产变动日期应为 YYYY-MM-DD 格式的日期",
                             f"facts.asset_changes[{i}].changed_on")
                    continue
                if reg is None:
                    late.append(f"{c.get('asset') or f'第{i + 1}项'}（{changed} 变动，尚未登记）")
                else:
                    r = as_date(reg)
                    if r is None:
                        self.add("dept.asset.registration-late", "warning",
                                 "资产登记日期应为 YYYY-MM-DD 格式的日期", f"facts.asset_changes[{i}].registered_on")
                        continue
                    days = (r - changed).days
                    if days <= ASSET_DEADLINE_DAYS:
                        continue
                    late.append(f"{c.get('asset') or f'第{i + 1}项'}（{changed} 变动，{days} 天后才登记）")
                if first is None:
                    first = i
            out[ASSET_INDICATOR] = ASSET_POINTS if late else ZERO
            if late:
                self.add("dept.asset.registration-late", "warning",
                         f"资产变动登记不及时（超过 {ASSET_DEADLINE_DAYS} 天）：" + "；".join(late),
                         f"facts.asset_changes[{first}].registered_on", ASSET_INDICATOR, ASSET_POINTS)
        # dept.budget.* on 管理效率/预算执行 (needs initial and carryover)
        cur = CURRENCY.get(b.get("currency") or "万元", 4) if isinstance(b, dict) else 4
        get = (lambda k: money(b.get(k), cur) if isinstance(b, dict) and b.get(k) is not None else None)
        planned, executed, initial, carry = get("planned"), get("executed"), get("initial"), get("carryover")
        parts = []
        if planned and executed is not None:
            rate = percent(executed, planned)
            parts.append(("dept.budget.execution-rate", per_point(100 - rate, D("0.1"), D(2)),
                          f"预算执行率 {rate:.2f}%，低于 100%", "budget.executed"))
            if carry is not None:
                rate = percent(carry, planned)
                parts.append(("dept.budget.carryover-rate", per_point(rate - 5, D("0.1"), D(1)),
                              f"结转结余率 {rate:.2f}%，超过 5%", "budget.carryover"))
            if initial:
                rate = percent(abs(planned - initial), initial)
                parts.append(("dept.budget.adjustment-rate", per_point(rate - 10, D("0.1"), D(1)),
                              f"预算调整率 {rate:.2f}%，超过 10%", "budget.planned"))
        self.settle(by_path, "管理效率/预算执行", parts, initial is not None and carry is not None, out)
        # dept.cost.* on 管理效率/运行成本 (needs both facts)
        parts, complete = [], True
        for key, rule, label in (("three_public", "dept.cost.three-public", "“三公”经费控制率"),
                                 ("public_funds", "dept.cost.public-funds", "公用经费控制率")):
            rec = facts.get(key)
            nb = printed(rec.get("budget")) if isinstance(rec, dict) else None
            na = printed(rec.get("actual")) if isinstance(rec, dict) else None
            if nb is None or na is None:
                complete = False
                continue
            if nb[0] > 0:
                rate = percent(na[0], nb[0])
                parts.append((rule, per_point(rate - 100, D("0.2"), D(2)), f"{label} {rate:.2f}%，超过 100%",
                              f"facts.{key}.actual"))
            elif na[0] > 0:
                parts.append((rule, D(2), f"{label}：预算为 0，却有支出", f"facts.{key}.actual"))
        self.settle(by_path, "管理效率/运行成本", parts, complete, out)
        return out

    def settle(self, by_path, path, parts, complete, out):
        """Report each rule's deduction; count them only when the data is complete."""
        e = by_path.get(path)
        total = sum((p for _, p, _, _ in parts), ZERO)
        for rule, points, reason, where in parts:
            if points > 0:
                self.add(rule, "warning", f"{reason}，扣 {points} 分", where, path, points)
        if e is None:
            return
        if complete:
            out[path] = total
        elif total > 0 and e["score"] is not None and e["max"] is not None and e["score"] > e["max"] - total:
            self.add("pev.score", "error", f"指标“{path}”自评 {e['score']} 分，高于满分减去应扣的 {total} 分",
                     e["dpath"] + ".score", path)

    # ---- targets ------------------------------------------------------
    def targets(self, targets):
        if not isinstance(targets, list):
            return
        for i, t in enumerate(targets):
            if not isinstance(t, dict):
                continue
            met = self.target_met(t)
            status = t.get("status")
            short = status in ("not_met", "unassessable") or met is False
            if short and not t.get("reason"):
                why = "无法评定" if status == "unassessable" else "未达到目标值"
                self.add("target.reason", "error",
                         f"绩效指标“{t.get('name', '?')}”{why}，但没有说明原因（reason）", f"targets[{i}]")

    @staticmethod
    def target_met(t):
        """True / False when it can be told from target and actual, else None."""
        goal, op = t.get("target"), "="
        goal_word = None
        if isinstance(goal, str):
            g = goal.strip()
            for text, o in OPS:
                if g.startswith(text):
                    op, g = o, g[len(text):]
                    break
            p = printed(g)
            if p is None and op == "=" and g == goal.strip():
                goal_word = g
        else:
            p = printed(goal)
        a = t.get("actual")
        pa = printed(a) if a is not None else None
        if p is not None and pa is not None:
            unit = t.get("unit") if isinstance(t.get("unit"), str) else ""
            gu = p[1] or unit
            au = pa[1] or gu
            value = pa[0]
            if gu in CURRENCY and au in CURRENCY:
                value = value.scaleb(CURRENCY[au] - CURRENCY[gu])
            elif gu != au:
                return None
            elif unit and p[1] and unit != p[1] and not (unit in CURRENCY and p[1] in CURRENCY):
                return None
            c = (value > p[0]) - (value < p[0])
            return {">=": c >= 0, "<=": c <= 0, ">": c > 0, "<": c < 0}.get(op, c == 0)
        if goal_word is not None and isinstance(a, str):
            if a == goal_word or a in MET_WORDS:
                return True
            if a in NOT_MET_WORDS:
                return False
        return None

    def report(self, doc):
        if not isinstance(doc, dict):
            self.add("pev.format", "error", "文档顶层应当是映射", "")
            return
        kind = doc.get("kind")
        if kind not in ("department", "project"):
            self.add("pev.format", "error", f"报告类型“{kind}”无效", "kind")
        self.budget(doc.get("budget"))
        facts = doc.get("facts") if isinstance(doc.get("facts"), dict) else {}
        self.scores(doc.get("scores"), kind, facts, doc.get("budget"))
        self.targets(doc.get("targets"))


def data_files(paths):
    for p in paths:
        if os.path.isdir(p):
            stack = [p]
            found = []
            while stack:
                d = stack.pop()
                with os.scandir(d) as it:
                    for e in it:
                        if e.name.startswith("."):
                            continue
                        if e.is_dir():
                            stack.append(e.path)
                        elif e.name.endswith((".yaml", ".yml", ".json")):
                            found.append(e.path)
            yield from sorted(found)
        else:
            yield p


def main(argv):
    out_path = None
    if len(argv) >= 2 and argv[0] == "-o":
        out_path, argv = argv[1], argv[2:]
    if not argv:
        sys.exit("usage: peer.py [-o FILE] PATH...")
    files_out = []
    summary = {"files": 0, "documents": 0, "errors": 0, "warnings": 0, "infos": 0}
    for path in data_files(argv):
        summary["files"] += 1
        try:
            with open(path, "rb") as f:
                docs = list(yaml.load_all(f, Loader=Loader))
        except (OSError, yaml.YAMLError) as e:
            docs = None
            files_out.append({"path": path, "findings": [
                {"rule": "pev.yaml", "severity": "error", "message": str(e).replace("\n", " "), "path": ""}]})
            summary["errors"] += 1
        for n, doc in enumerate(docs or []):
            c = Checker()
            c.report(doc)
            entry = {"path": path}
            if len(docs) > 1:
                entry["document"] = n + 1
            if isinstance(doc, dict):
                entry.update(kind=doc.get("kind"), unit=doc.get("unit"), year=doc.get("year"))
            entry["findings"] = c.findings
            files_out.append(entry)
            summary["documents"] += 1
            for f in c.findings:
                summary[f["severity"] + "s"] += 1
    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    json.dump({"peer": "bench/peer.py", "files": files_out, "summary": summary}, out,
              ensure_ascii=False)
    out.write("\n")
    if out_path:
        out.close()
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env bash
# Scoring frameworks as data (rules/frameworks/): how one is chosen, what a
# broken framework file says, blank cells of a form, and messages that name
# only data really absent.
suite=frameworks
. "$(dirname "$0")/lib.sh"

example=examples/huangpu-2022.yaml

# --- listing and explaining -----------------------------------------------------------
check "pevcheck frameworks lists the shipped frameworks with their first-level indicators" 0 \
	"履职效能-管理效率|投入-过程-产出-效果|项目支出绩效自评表|决策-过程-产出-效益|湖南-部门整体支出-2018|一级指标：投入、过程、产出、效果|（默认）" \
	-- "$bin" frameworks
check "explain a framework: source, tree with full marks, concepts" 0 \
	"财预〔2013〕53号|过程/预算执行/预算完成率|预算执行率 → 过程/预算执行/预算完成率|资产登记 → 过程/资产管理/资产管理安全性" \
	-- "$bin" explain 投入-过程-产出-效果
check "explain a regional variant: what it changes, each parameter's value, what it extends" 0 \
	"湖南|执行率：执行数 ÷（全年预算数 + 年初结转结余）|预算完成率  8 分|dept.budget.execution-rate step = 5|dept.budget.adjustment-rate count = ceil|沿用 extends:   投入-过程-产出-效果|预算调整率  8 分  [formula]  也印作 预算控制率" \
	-- "$bin" explain 湖南-部门整体支出-2018
# order.py WANTED...: the first lines of stdin holding each WANTED come in that order.
cat >"$work/order.py" <<'PY'
import sys
lines = sys.stdin.read().splitlines()
at = [next((i for i, l in enumerate(lines) if w in l), -1) for w in sys.argv[1:]]
sys.exit(0 if -1 not in at and at == sorted(at) else "found at %s" % at)
PY
assert "explain lists concepts and parameters in the file's order" bash -c "'$bin' explain 湖南-部门整体支出-2018 | \
	python3 '$work/order.py' '在职人员控制率 →' '“三公经费”变动率 →' '预算执行率 →' '预算调整率 →' '支付进度率 →' \
	'结转结余率 →' '公用经费控制率 →' ' full_rate =' ' step = 5' ' per_point =' ' count = floor' ' max_points = 8' ' max_rate ='"
check "explain a rule scoring a concept: where each framework puts it" 0 \
	"资产登记|履职效能-管理效率 → 管理效率/资产管理|投入-过程-产出-效果 → 过程/资产管理/资产管理安全性|facts.asset_changes" \
	-- "$bin" explain dept.asset.registration-late
check "explain of neither a rule nor a framework" 2 "没有编号或名称为“nothing”的规则或评分框架" -- "$bin" explain nothing

# --- how a framework is chosen (SPEC §5) ----------------------------------------------------
check "detected from the first-level indicators" 0 '"framework":{"name":"履职效能-管理效率","chosen_by":"detected"' \
	-- "$bin" check -f json "$example"
sed 's/^year: 2022/year: 2022\nframework: 履职效能-管理效率/' "$example" >"$work/named.yaml"
check "named by the report" 0 '"framework":{"name":"履职效能-管理效率","chosen_by":"report"' \
	-- "$bin" check -f json "$work/named.yaml"
check "forced by --framework" 0 '"framework":{"name":"投入-过程-产出-效果","chosen_by":"option"' \
	-- "$bin" check --framework 投入-过程-产出-效果 -f json "$example"
python3 - "$example" "$work/no-scores.yaml" <<'PY'
import sys
t = open(sys.argv[1]).read()
a, b = t.index("\nscores:"), t.index("\ntargets:")
open(sys.argv[2], "w").write(t[:a] + t[b:].replace("    indicator: 履职效能\n", ""))
PY
check "a report with no score table: the kind's default" 0 '"framework":{"name":"履职效能-管理效率","chosen_by":"default"' \
	-- "$bin" check -f json "$work/no-scores.yaml"
check "the text says which framework and why" 0 "评分框架：履职效能-管理效率（按评分表一级指标识别：履职效能、管理效率）" \
	-- "$bin" check "$example"
sed 's/^year: 2022/year: 2022\nframework: 某省自定框架/' "$example" >"$work/unknown.yaml"
check "an unknown framework: name is a warning at its line that lists the known ones" 0 \
	"pev.framework|未知的评分框架“某省自定框架”（已知：决策-过程-产出-效益、履职效能-管理效率|按评分表一级指标识别" \
	-- "$bin" check "$work/unknown.yaml"

# --- a framework file that is wrong is a load error at its line ------------------------------
bad() { # bad NAME EXPECTED YAML: a rule directory whose one framework file is YAML
	mkdir -p "$work/bad-$1/frameworks"
	printf '%s\n' "$3" >"$work/bad-$1/frameworks/x.yaml"
	check "framework file: $1" 2 "$2" -- "$bin" check -r rules -r "$work/bad-$1" "$example"
}
head='name: x
title: 某市框架
kind: department
source: 某市财政局文件'
bad "an indicator without a name" "x.yaml:6: 指标缺少名称（name）" "$head
indicators:
  - {max: 50}"
bad "the same indicator twice at one level" "x.yaml:7: 同一层中指标“甲”出现了两次" "$head
indicators:
  - {name: 甲, max: 50}
  - {name: 甲, max: 50}"
bad "children whose full marks do not add up" "x.yaml:6: 指标“甲”的下级指标满分合计 40 分，而它的满分是 50 分" "$head
indicators:
  - name: 甲
    max: 50
    children: [{name: 子一, max: 20}, {name: 子二, max: 20}]"
bad "a concept mapped to a missing indicator" "x.yaml:9: 核验内容 资产登记 对应的“甲/资产”不是评分框架“x”的指标" "$head
indicators:
  - name: 甲
    children: [{name: 资产管理}]
concepts:
  资产登记: 甲/资产"
bad "indicator_aliases naming a missing indicator" "x.yaml:9: indicator_aliases 中的“甲/乙”不是本框架的指标" "$head
indicators:
  - name: 甲
    children: [{name: 丙}]
indicator_aliases:
  甲/乙: [丁]"
bad "an unknown field" "x.yaml:5: 评分框架文件中有未知字段“indicator”" "$head
indicator: []"
bad "extends an unknown framework" "x.yaml:5: extends 指向未知的评分框架“无此框架”" "$head
extends: 无此框架"
bad "a method that is not one" "x.yaml:6: 计分方法 method“公式”无效" "$head
indicators:
  - {name: 甲, method: 公式}"
bad "params naming a rule that does not exist" "x.yaml:6: params 中的规则“dept.no-such-rule”不存在" "$head
params:
  dept.no-such-rule: {points: 1}"
bad "a framework without its source" "x.yaml:1: 列出指标的评分框架要写明 title、kind 和 source" "name: x
title: 某市框架
kind: department
indicators: [{name: 甲}]"

# --- a region adds its own framework without touching C or the standard rules ---------------
mkdir -p "$work/region/frameworks"
cat >"$work/region/frameworks/某市.yaml" <<'YAML'
name: 某市-履职效能-管理效率
title: 某市部门整体支出绩效自评指标体系
kind: department
source: 某市财政局关于部门整体支出绩效自评的通知（示例）
extends: 履职效能-管理效率
detect: false
params:
  dept.asset.registration-late: {points: 1}
YAML
sed 's/^year: 2022/year: 2022\nframework: 某市-履职效能-管理效率/' "$example" >"$work/region.yaml"
check "a regional variant (extends) changes the points a rule deducts" 1 \
	'"framework":{"name":"某市-履职效能-管理效率"|"rule":"dept.asset.registration-late","severity":"warning"|"points":1' \
	-- "$bin" check -r rules -r "$work/region" -f json "$work/region.yaml"

# --- a later rule directory's framework of the same name replaces the earlier one ---------
mkdir -p "$work/override/frameworks"
sed 's/^  资产登记: 管理效率\/资产管理$/  资产登记: 管理效率\/运行成本/' rules/frameworks/履职效能-管理效率.yaml \
	>"$work/override/frameworks/黄埔.yaml"
check "a same-named framework in a later -r replaces the bundled one" 1 \
	'"rule":"dept.asset.registration-late","severity":"warning"|"indicator":"管理效率/运行成本"' \
	-- "$bin" check -r rules -r "$work/override" -f json "$example"
check "pevcheck frameworks says which file is used and what it replaces" 0 \
	"override/frameworks/黄埔.yaml|（取代 rules/frameworks/履职效能-管理效率.yaml）" \
	-- "$bin" frameworks -r rules -r "$work/override"
check "explain says which file is used and what it replaces" 0 \
	"定义 defined in: $work/override/frameworks/黄埔.yaml|（取代 rules/frameworks/履职效能-管理效率.yaml：|资产登记 → 管理效率/运行成本" \
	-- "$bin" explain -r rules -r "$work/override" 履职效能-管理效率
cp "$work/override/frameworks/黄埔.yaml" "$work/override/frameworks/黄埔2.yaml"
check "the same name twice in one rule directory: a load error at file:line" 2 \
	"override/frameworks/黄埔2.yaml:22: 同一规则目录中评分框架名称“履职效能-管理效率”重复（另见 $work/override/frameworks/黄埔.yaml:22）" \
	-- "$bin" check -r rules -r "$work/override" "$example"

# --- a variant takes back what it extends: concepts and params mapped to ~ ------------------
mkdir -p "$work/takeback/frameworks"
cat >"$work/takeback/frameworks/a.yaml" <<'YAML'
name: 某市甲
title: 某市框架甲
kind: department
source: 某市财政局文件（示例）
extends: 履职效能-管理效率
detect: false
params:
  dept.asset.registration-late: {points: 1, deadline_days: 40}
YAML
cat >"$work/takeback/frameworks/b.yaml" <<'YAML'
name: 某市乙
title: 某市框架乙
kind: department
source: 某市财政局文件（示例）
extends: 某市甲
detect: false
params:
  dept.asset.registration-late: {points: ~}
YAML
cat >"$work/takeback/frameworks/c.yaml" <<'YAML'
name: 某市丙
title: 某市框架丙
kind: department
source: 某市财政局文件（示例）
extends: 履职效能-管理效率
detect: false
concepts:
  资产登记: ~
YAML
sed 's/^year: 2022/year: 2022\nframework: 某市乙/' "$example" >"$work/takeback-b.yaml"
check "params {x: ~} in a variant gives the parameter back to the rule (0.5, not the 1 it extends)" 0 \
	'"rule":"dept.asset.registration-late"|"points":0.5|!"points":1,' \
	-- "$bin" check -r rules -r "$work/takeback" -f json "$work/takeback-b.yaml"
check "explain shows a parameter given back" 0 "dept.asset.registration-late points = ~（用规则自己的值）|deadline_days = 40|沿用 extends:   某市甲 → 履职效能-管理效率" \
	-- "$bin" explain -r rules -r "$work/takeback" 某市乙
sed 's/^year: 2022/year: 2022\nframework: 某市丙/' "$example" >"$work/takeback-c.yaml"
check "concepts {X: ~} in a variant removes the mapping it extends: nothing deducted" 0 \
	"没有承担此项扣分的指标，未扣分  [dept.asset.registration-late|资产登记 → —（本框架不计入任何指标）" \
	-- bash -c "'$bin' check -r rules -r '$work/takeback' '$work/takeback-c.yaml'; '$bin' explain -r rules -r '$work/takeback' 某市丙"

# --- a variant's points that break the sums: the variant's file and line --------------------
mkdir -p "$work/badpoints/frameworks"
cat >"$work/badpoints/frameworks/v.yaml" <<'YAML'
name: 某市丁
title: 某市框架丁
kind: department
source: 某市财政局文件（示例）
extends: 履职效能-管理效率
detect: false
points:
  管理效率/预算编制: 3
  管理效率/预算执行: 6
YAML
check "points in a variant that break the sums: the variant's line of that entry" 2 \
	"v.yaml:9: 指标“管理效率”的下级指标满分合计 52 分，而它的满分是 50 分" \
	-- "$bin" check -r rules -r "$work/badpoints" "$example"

# --- a variant with a tree of its own keeps the concepts it extends: a bad one at the file that maps it
mkdir -p "$work/owntree/frameworks"
cat >"$work/owntree/frameworks/v.yaml" <<'YAML'
name: 某市戊
title: 某市框架戊
kind: department
source: 某市财政局文件（示例）
extends: 履职效能-管理效率
detect: false
indicators:
  - {name: 甲, max: 100}
YAML
check "an extended concept on an indicator the variant's own tree lacks: the file and line that map it" 2 \
	"rules/frameworks/履职效能-管理效率.yaml:48: 核验内容 事前绩效评估 对应的“管理效率/预算编制”不是评分框架“某市戊”的指标" \
	-- "$bin" check -r rules -r "$work/owntree" "$example"

# --- Hunan prints 预算调整率 as 预算控制率: the deduction lands on it -----------------------------
python3 - examples/hunan-2018-department.yaml "$work/hunan-scored.yaml" <<'PY'
import sys
t = open(sys.argv[1]).read()
t = t.replace("\nfacts:\n", """
scores:
  indicators:
    - name: 投入
      max: 16
      children:
        - name: 预算配置
          max: 16
          children:
            - {name: 在职人员控制率, max: 8, score: 8}
            - {name: “三公经费”变动率, max: 8, score: 0}
    - name: 过程
      max: 58
      children:
        - name: 预算执行
          max: 16
          children:
            - {name: 预算完成率, max: 8, score: 8}
            - {name: 预算控制率, max: 8, score: 2}
facts:
""", 1)
open(sys.argv[2], "w").write(t)
PY
check "Hunan's 预算控制率 (an alias of 预算调整率): the adjustment rate's 8 points land on it" 1 \
	'"rule":"dept.budget.adjustment-rate","severity":"warning","message":"预算调整率 39.94%|"indicator":"过程/预算执行/预算控制率","points":8|"path":"过程/预算执行/预算控制率","max":8,"claimed":2,"computed":0,"status":"mismatch"' \
	-- "$bin" check -f json "$work/hunan-scored.yaml"

# --- 决策-过程-产出-效益: 预算执行率 = 实际支出资金 ÷ 实际到位资金 (budget.received) ---------------
project=rules/testdata/project-2022.yaml
sed 's/^year: 2022/year: 2022\nframework: 决策-过程-产出-效益/' $project >"$work/received-none.yaml"
sed 's/^  planned: 480 /  received: 500\n  planned: 480 /' "$work/received-none.yaml" >"$work/received.yaml"
check "funds received given: the rate and the score divide by it" 1 \
	"执行率写为 95.06%，但执行数 456.3 ÷ 实际到位资金 500 = 91.26%|执行数 456.3 ÷ 实际到位资金 500 × 分值 10 = 9.13 分" \
	-- "$bin" check "$work/received.yaml"
check "no funds received: the full-year budget, and the formula says so" 0 \
	"执行数 456.3 ÷ 全年预算数 480 × 分值 10 = 9.51 分（本评分框架的执行率以实际到位资金为分母，报告没有实际到位资金 budget.received，按全年预算数计算）|!budget.execution-rate" \
	-- "$bin" check "$work/received-none.yaml"
bad "both denominators at once" "x.yaml:6: rate_includes_opening_balance 和 rate_uses_received_funds 不能同时为 true" "$head
rate_includes_opening_balance: true
rate_uses_received_funds: true"

# --- a form published unfilled -------------------------------------------------------------
cat >"$work/unfilled.yaml" <<'YAML'
pev: 1
kind: project
unit: 某县农业农村局
department: 某县人民政府
year: 2023
project: 高标准农田建设补助
budget:
  currency: 元
  funds:
    total: {initial: 500000, planned: 500000, executed: 480000, max: 10, rate: ~, score: ~}
    fiscal: {initial: 500000, planned: 500000, executed: 480000}
    carried: {initial: ~, planned: ~, executed: ~}
    other: {initial: ~, planned: ~, executed: ~}
scores:
  total: ~
  indicators:
    - {name: 预算执行率, max: 10, score: ~}
    - name: 产出指标
      max: 50
      children: [{name: 数量指标}]
targets:
  - {name: 新建高标准农田面积, indicator: 产出指标/数量指标, target: ">= 1000亩", actual: ~, points: 50, score: ~}
YAML
check "an unfilled form: one finding per blank cell, one summary line, the total once" 0 \
	"未填写：年度资金总额 执行率|未填写：年度资金总额 得分|未填写：总分|未填写：得分|未填写：实际完成值|未填写：指标得分|表格未填完：6 处为空|!score.range|!unassessable|!无法评定|!没有写总分" \
	-- "$bin" check "$work/unfilled.yaml"
check "blank cells are status blank in JSON, counted once" 0 '"blank_cells":6|"status":"blank"|!"status":"unverified","deductions":[],"line":17' \
	-- "$bin" check -f json "$work/unfilled.yaml"
sed 's/^  total: ~$/  grade: 优/' "$work/unfilled.yaml" >"$work/no-total.yaml"
check "a score table without a total: said once, with what the scores add up to" 0 \
	"评分表没有写总分（scores.total）|!score.total" -- "$bin" check "$work/no-total.yaml"

# --- "could not verify" names only data really absent ---------------------------------------
python3 - "$example" "$work/complete.yaml" <<'PY'
import sys
t = open(sys.argv[1]).read()
t = t.replace("  planned: \"383,506.13\"", "  initial: \"380,000\"\n  planned: \"383,506.13\"")
t = t.replace("facts:\n", """facts:
  ex_ante: {new_projects: 6, assessed: 6}
  disclosure:
    - {item: 2022年部门预算, approved_on: 2022-01-28, published_on: 2022-02-10}
  self_evaluation: {projects: 33, evaluated: 33}
  procurement: {planned: 1250.6, executed: 1250.6}
  three_public: {budget: 12.5, actual: 11.8}
  public_funds: {budget: 180, actual: 176.3}
""", 1)
open(sys.argv[2], "w").write(t)
PY
json_check() { # json_check NAME PYTHON -- COMMAND: the command's JSON on stdin of PYTHON
	local name=$1 py=$2
	shift 3
	if "$@" 2>/dev/null | python3 -c "$py" 2>"$work/py.err"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  $suite: $name"
		tail -3 "$work/py.err" | sed 's/^/      | /'
	fi
}
json_check "with every field the department rules read present, none says it is missing" '
import json, sys
f = json.load(sys.stdin)["files"][0]
reasons = [u.get("reason") or "" for i in f["scores"]["indicators"] for u in i.get("unverified_by", [])]
assert not reasons, reasons
status = {i["path"]: i["status"] for i in f["scores"]["indicators"]}
for p in ("预算编制", "预算执行", "信息公开", "绩效管理", "采购管理", "资产管理", "运行成本"):
    assert status["管理效率/" + p] == "ok", (p, status)
' -- "$bin" check -f json "$work/complete.yaml"
json_check "each missing field is named, and only it" '
import json, sys
f = json.load(sys.stdin)["files"][0]
reasons = {u["rule"]: u.get("reason") or "" for i in f["scores"]["indicators"] for u in i.get("unverified_by", [])}
assert reasons == {"dept.cost.public-funds": "报告没有 facts.public_funds（公用经费预算数与实际支出数）"}, reasons
' -- bash -c "sed '/^  public_funds:/d' '$work/complete.yaml' >'$work/partial.yaml' && '$bin' check -f json '$work/partial.yaml'"

finish frameworks

#!/usr/bin/env bash
# The example reports in examples/, each encoded from a real published
# report (see the comment at the top of each), checked with the bundled
# rules: every finding (rule, severity, data path, points), the framework
# and how it was chosen, each indicator's status and computed score, the
# computed total and grade must be exactly those in tests/e2e/expected/
# NAME.json.  A new finding, a lost one, or a changed score fails: the
# expected files were reviewed line by line against the reports (see
# examples/NAME.expected.md for what a reviewer finds in each).
#
#   tests/e2e/examples.sh BIN            check
#   tests/e2e/examples.sh BIN --update   rewrite the expected files (review the diff!)
suite=examples
. "$(dirname "$0")/lib.sh"
update=${2:-}

# One normalised summary of a check's JSON: what the expected files hold.
summarise() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
out = []
for f in d["files"]:
    doc = {"document": f.get("document", 0)}
    fw = f.get("framework")
    doc["framework"] = [fw["name"], fw["chosen_by"]] if fw else None
    doc["blank_cells"] = f.get("blank_cells", 0)
    # the findings of a form also say where in the form they are
    doc["findings"] = sorted(
        [x["rule"], x["severity"], x.get("path", ""), x.get("points")] + ([x["where"]] if "where" in x else [])
        for x in f["findings"])
    s = f.get("scores")
    if s:
        doc["total"] = s["total"].get("computed")
        doc["grade"] = s["grade"].get("computed")
        doc["indicators"] = {i["path"]: [i["status"], i.get("computed")] for i in s["indicators"]}
    out.append(doc)
json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
print()
'
}

for report in examples/*.yaml examples/forms/*.xlsx examples/forms/*.docx; do
	name=$(basename "$report")
	name=${name%.yaml}
	expected=tests/e2e/expected/$name.json
	actual=$work/$name.json
	"$bin" check -f json "$report" 2>/dev/null | summarise >"$actual"
	if [ "$update" = --update ]; then
		cp "$actual" "$expected"
		continue
	fi
	if [ ! -f "$expected" ]; then
		failed=$((failed + 1))
		echo "FAIL  examples: $name: no $expected (run with --update after reviewing the output)"
	elif cmp -s "$expected" "$actual"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  examples: $name differs from $expected:"
		diff "$expected" "$actual" | head -30 | sed 's/^/      | /'
	fi
done

# What each example is for, checked by name so that a regression says what
# broke, not only that a file differs.
check "Huangpu 2022: 94.57 / 优 computed by rule, 资产管理 10 -> 9.5" 0 \
	'"computed":94.57|"grade":{"claimed":"优","computed":"优"}|"path":"管理效率/资产管理","max":10,"claimed":9.5,"computed":9.5,"status":"ok"' \
	-- "$bin" check -f json examples/huangpu-2022.yaml
check "Hunan 2018: 99.27% counts the opening balance; no execution-rate or carryover error" 0 \
	'dept.cost.public-funds|budget.item-overrun|!budget.execution-rate|!budget.carryover|!budget.items-sum' \
	-- "$bin" check -f json examples/hunan-2018-department.yaml
check "Hunan 2018: 调整后预算数 = 决算数 is the warning examples/hunan-2018-department.expected.md says" 0 \
	'"rule":"budget.adjusted-to-spending","severity":"warning","message":"全年预算数 2690.62 万元 与全年执行数完全相同|按全年预算数计算的执行率 100% 不能说明执行情况' \
	-- "$bin" check -f json examples/hunan-2018-department.yaml
assert "the Hunan review names the severity the rule reports" \
	grep -qF '(warning, `budget.adjusted-to-spending`) 调整后预算数 2690.62 = 决算数 2690.62' examples/hunan-2018-department.expected.md
check "Hunan 2018 has no score table: deductions say what the standard would deduct, and deduct nothing" 0 \
	'预算调整率 39.94%（全年预算数 2690.62，年初预算数 1922.76）；按评分标准应扣 8 分（报告没有评分表，未扣分）|超过 100%；按评分标准应扣 2 分（报告没有评分表，未扣分）|!"points"' \
	-- "$bin" check -f json examples/hunan-2018-department.yaml
check "Shanghai form in 元 without a grade row: grade computed, no grade error" 1 \
	'"grade":{"claimed":null,"computed":"优"}|budget.low-execution|!score.grade|!score.range|!score.deduction-reason' \
	-- "$bin" check -f json examples/project-yuan.yaml
check "Sichuan half-filled form: blanks once each, a summary, no unassessable advice" 0 \
	'"blank_cells":8|pev.blank|表格未填完：8 处为空|budget.adjustment|budget.adjusted-to-spending|!target.status|!score.range|!unassessable' \
	-- bash -c "\"$bin\" check examples/project-half-filled.yaml; \"$bin\" check -f json examples/project-half-filled.yaml"
finish examples

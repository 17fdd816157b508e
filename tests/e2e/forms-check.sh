#!/usr/bin/env bash
# End-to-end tests of reports read from forms (load_form.h, rules/forms/):
# pevcheck check and pevcheck import on the seed report's text, the forms
# written by tests/forms/gen_forms.py (workbooks, a Word report, text
# exports), and a form layout of a rule directory's own.  What the readers
# themselves read is tests/e2e/forms-read.sh's.
#
#   tests/e2e/forms-check.sh PEVCHECK_BINARY
#
# Prints one line per failing check and ends with "N passed, N failed".
suite=forms-check
. "$(dirname "$0")/lib.sh"
export PEVCHECK_RULES=$root/rules # a build/ binary finds the bundled rules
forms=${PEVCHECK_FORMS_DIR:-}
if [ -z "$forms" ]; then
	forms=$work/forms
	python3 tests/forms/gen_forms.py "$forms" >/dev/null || {
		echo "FAIL  forms-check: tests/forms/gen_forms.py failed"
		failed=1
		finish
		exit
	}
fi
P=$bin
seed=$root/tests/forms/seed-huangpu-2022.txt # a copy of ../shared/seed/000_2ea140225a11ab7a.txt

# json_get FILE EXPR: a Python expression over the parsed JSON `d`.
json_get() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# --- the seed report, as a text export --------------------------------------------
"$P" check -f json "$seed" >"$work/seed.json"
"$P" check -f json examples/huangpu-2022.yaml >"$work/example.json"
scores='[(i["path"], str(i.get("max")), str(i.get("claimed")), str(i.get("computed"))) for i in d["files"][0]["scores"]["indicators"] if i["path"].startswith("管理效率")] + [str(d["files"][0]["scores"]["total"]), str(d["files"][0]["scores"]["grade"])]'
assert "seed text: 管理效率, total and grade as the data file has them" \
	test "$(json_get "$work/seed.json" "$scores")" = "$(json_get "$work/example.json" "$scores")"
budget='[str(d["files"][0]["budget"].get(k)) for k in ("planned", "executed", "execution_rate", "carryover")]'
assert "seed text: the budget as the data file has it" \
	test "$(json_get "$work/seed.json" "$budget")" = "$(json_get "$work/example.json" "$budget")"
assert "seed text: 履职效能 50 points, claimed 45.07" \
	test "$(json_get "$work/seed.json" '[(i["max"], i["claimed"]) for i in d["files"][0]["scores"]["indicators"] if i["path"] == "履职效能"]')" = "[(50, 45.07)]"
check "seed text: the carryover finding at the sentence's line and column" 0 \
	'71:136  警告 全年预算数 − 执行数 = 312.60 万元|评分框架：履职效能-管理效率|94.57|!pev.form' -- \
	"$P" check "$seed"
check "seed text: 资产管理's deduction read with its reason" 0 \
	'name: "资产管理"|max: "10"|score: "9.5"|reason: "资产变动登记不够及时"|fix: "加强资产日常管理"|unit: "广州市黄埔区科学技术局（广州开发区科技创新局）"|year: 2022|planned: "383,506.13 万元"|grade: "优"' -- \
	"$P" import "$seed"
check "import -o: the data file written, and it checks like the form" 0 "" -- \
	"$P" import -o "$work/seed.yaml" "$seed"
"$P" check -f json "$work/seed.yaml" >"$work/seed-imported.json"
assert "import: the data file's score table, total and grade are the example's" \
	test "$(json_get "$work/seed-imported.json" "$scores")" = "$(json_get "$work/example.json" "$scores")"
assert "import: the data file's budget is the example's" \
	test "$(json_get "$work/seed-imported.json" "$budget")" = "$(json_get "$work/example.json" "$budget")"
check "import -o: the written file checks as the form does" 0 \
	'全年预算数 − 执行数 = 312.60 万元|# 第 71 行，第 136 列' -- \
	sh -c "'$P' check '$work/seed.yaml' && cat '$work/seed.yaml'"

# --- workbooks -----------------------------------------------------------------------
check "national form: findings at the cells the preparer fills" 1 \
	'自评表!H6  错误 [扣 0.38 分]|自评表!H13  错误 绩效指标“指标1工程资金金额”自评 9 分|评分框架：项目支出绩效自评表|!pev.form|!budget.low-execution' -- \
	"$P" check "$forms/national-langfang-2019.xlsx"
"$P" check -f json "$forms/national-langfang-2019.xlsx" >"$work/lf.json"
assert "json: the cell of a finding (SPEC §5)" \
	test "$(json_get "$work/lf.json" '[(f["rule"], f.get("cell")) for f in d["files"][0]["findings"] if f["rule"] == "pev.score"]')" = "[('pev.score', '自评表!H6')]"
assert "json: no line of the data file for a workbook's finding" \
	test "$(json_get "$work/lf.json" '[f for f in d["files"][0]["findings"] if "line" in f]')" = "[]"
assert "json: 预算执行率 first, from the 年度资金总额 row" \
	test "$(json_get "$work/lf.json" '[(i["path"], i["max"], i["claimed"]) for i in d["files"][0]["scores"]["indicators"]][0]')" = "('预算执行率', 10, 9)"
check "sarif: the cell as a logical location" 1 \
	'"name":"自评表!H6","kind":"element"' -- \
	"$P" check -f sarif "$forms/national-langfang-2019.xlsx"
check "github: the cell leads the message" 1 \
	'::error file=' -- "$P" check -f github "$forms/national-langfang-2019.xlsx"
check "github: the cell leads the message (text)" 1 \
	'::自评表!H6: ' -- "$P" check -f github "$forms/national-langfang-2019.xlsx"
check "a cover sheet and a hidden sheet: the form read from its own sheet" 1 \
	'自评表!H6|!封面!|!填表说明' -- "$P" check "$forms/cover-langfang-2019.xlsx"
check "hidden placeholder rows are not targets" 0 \
	'指标1工程完工率|!指标2：' -- "$P" import "$forms/hidden-rows-langfang-2019.xlsx"
check "full-width labels and numbers" 1 \
	'自评表!H6|项目支出绩效自评表|!pev.form' -- "$P" check "$forms/fullwidth-langfang-2019.xlsx"
check "元: the currency from the 单位 line" 0 \
	'currency: "元"' -- "$P" import "$forms/yuan-putuo-2022.xlsx"
check "a regional copy: 指标性质 joined to the target" 0 \
	'target: "≥90%"|target: "=100%"|target: "及时"' -- "$P" import "$forms/regional-putuo-2022.xlsx"
check "a regional copy checks like the data file (no false unmet target)" 1 \
	'执行率写为 86.19%|!target.full-score-unmet|!target.reason' -- "$P" check "$forms/regional-putuo-2022.xlsx"
check "a finding on a budget total points at the 年度资金总额 row's cell" 1 \
	'附件2 项目自评表!E7  错误 预算执行率 86.18%' -- "$P" check "$forms/regional-putuo-2022.xlsx"
check "two forms in one workbook: two reports" 1 \
	'第 1 份文档|第 2 份文档|1 个文件（2 份报告）' -- "$P" check "$forms/two-forms-putuo-2022.xlsx"
check "half-filled: blanks reported once each, at their cells, not as zeros" 1 \
	'Sheet1!H24  警告 未填写：总分|表格未填完：|!应为数字' -- "$P" check "$forms/half-filled-tangxi-2022.xlsx"
check "a spare template row is not a target left blank" 1 \
	'!targets[7].target' -- "$P" check "$forms/national-langfang-2019.xlsx"

# --- the 财预〔2013〕53号 部门整体 form on two sheets -----------------------------------------
check "53号 基础数据表 + 指标表: one report from both sheets, year-named columns" 0 \
	'budget: "63.46"  # 基础数据表!C6|actual: "44.29"  # 基础数据表!D6|planned: "30.66"  # 基础数据表!C19|initial: "1922.76"  # 基础数据表!C20|executed: "2690.62"  # 基础数据表!D20|year: 2018|- name: "在职人员控制率"|!public_funds|!-: ' -- \
	"$P" import "$forms/basic-data-hunan-2018.xlsx"
check "53号 form: 三级 indicators, full marks from them, what the form lacks a warning" 0 \
	'投入                        16|预算配置                  16|指标表!F6  警告 未填写：得分|警告 表格中没有 budget.planned|!错误 缺少必填字段|1 个文件（1 份报告）' -- \
	"$P" check "$forms/basic-data-hunan-2018.xlsx"

# --- a Word report -------------------------------------------------------------------
check "docx: the score table and the budget table, paragraphs for sentences" 0 \
	'第 6 段  警告 全年预算数 − 执行数|评分框架：履职效能-管理效率|94.57' -- \
	"$P" check "$forms/dept-huangpu-2022.docx"
"$P" check -f json "$forms/dept-huangpu-2022.docx" >"$work/docx.json"
assert "json: a Word paragraph's number" \
	test "$(json_get "$work/docx.json" '[f.get("paragraph") for f in d["files"][0]["findings"]]')" = "[6]"
check "docx: table, row and column of each value" 0 \
	'total: "94.57"  # 表 1 第 10 行第 4 列|planned: "383,506.13"  # 表 2 第 2 行第 2 列' -- \
	"$P" import "$forms/dept-huangpu-2022.docx"

# --- what is not a form pevcheck reads -----------------------------------------------
check "no layout matches: one pev.form error naming what each layout missed" 1 \
	'[pev.form]|项目支出绩效自评表（缺少：项目名称' -- "$P" check "$forms/huangpu.md"
check "import: no layout matches, nothing written" 2 \
	'项目支出绩效自评表' -- "$P" import -o "$work/none.yaml" "$forms/huangpu.md"
assert "import: no half-written file" test ! -e "$work/none.yaml"
check "an old .xls is refused with what to do" 2 \
	'另存为 .xlsx|[pev.io]' -- "$P" check "$forms/hostile-old.xls"
check "a zip bomb is refused" 2 '[pev.io]' -- "$P" check "$forms/hostile-bomb-ratio.xlsx"

# --- folders --------------------------------------------------------------------------
mkdir -p "$work/folder/sub"
cp examples/huangpu-2022.yaml "$work/folder/a.yaml"
cp "$forms/national-langfang-2019.xlsx" "$work/folder/sub/b.xlsx"
cp "$forms/national-langfang-2019.xlsx" "$work/folder/sub/~\$b.xlsx"
echo "notes" >"$work/folder/notes.txt"
check "a folder: its data files and workbooks, not text or Office lock files" 1 \
	'a.yaml|b.xlsx  廊坊市食品工程学校|2 个文件（2 份报告）|!~$b.xlsx|!notes.txt' -- \
	"$P" check "$work/folder"

# --- Sichuan's 部门预算项目支出绩效自评表 (rules/forms/四川-部门预算项目支出绩效自评表.yaml) ----
# The shape of the province's exported form: 总额/其中:财政资金/财政专户管理资金/单位资金 rows,
# 调整后预算数 and 预算执行数 columns, 权重 for 分值, and 指标性质 + 指标值 + 度量单位.
sichuan=$root/tests/forms/sichuan-project-2023.txt
check "Sichuan form: read by its own layout, every score as printed" 0 \
	'某县农业技术推广中心|某县农技推广培训经费|9.5 分|98.39|!pev.form|!pev.blank' -- \
	"$P" check --no-cache -r rules "$sichuan"
"$P" import "$sichuan" >"$work/sichuan.yaml" 2>/dev/null
assert "Sichuan form: 指标性质, 指标值 and 度量单位 make the target" \
	grep -q 'target: "≥90"' "$work/sichuan.yaml"
assert "Sichuan form: the 总额 row is budget.funds.total" \
	test "$(grep -A3 '^    total:' "$work/sichuan.yaml" | grep -c 'planned: "125.00"')" = 1
# Copied from a web page as text, the rows under the "预算执行情况（10分）" caption lose the
# cell merged down from it: each row starts with its label, its amounts one column left of
# their headings (as Sichuan's 大英县 2023 forms read once copied). Read shifted, 预算执行率
# gave "the unit is not a currency" errors and the 原因 note as the score.
sed '7,11s/^\t//' "$sichuan" >"$work/sichuan-copied.txt"
check "Sichuan form copied as text: funds rows without the caption's cell are read in place" 0 \
	'某县农技推广培训经费|9.5 分|!pev.format|!budget.funds-sum' -- "$P" check --no-cache -r rules "$work/sichuan-copied.txt"
"$P" import "$work/sichuan-copied.txt" >"$work/sichuan-copied.yaml" 2>/dev/null
assert "Sichuan form copied as text: the 总额 row's amounts under their headings" \
	test "$(grep -A4 '^    total:' "$work/sichuan-copied.yaml" | grep -c 'planned: "125.00"\|executed: "118.75"')" = 2
# --- tables copied from a web page -------------------------------------------------
# A web page's table copied as text drops the cells merged into a row from
# above (rowspan) and prints a 合计 spanning the label columns (colspan) as one
# cell: each row's cells stand left of their headings.  Such a copy must read
# as the form itself: the same findings, the same scores.
# same_reading NAME FORM COPY: text output alike but for the file and the
# columns (a cell's column is where the copy printed it).
same_reading() {
	local name=$1 form=$2 copy=$3
	"$P" check --no-cache -r rules "$form" 2>/dev/null | sed -E '1d; s/^  ([0-9]+):[0-9]+ /  \1 /' >"$work/form.out"
	"$P" check --no-cache -r rules "$copy" 2>/dev/null | sed -E '1d; s/^  ([0-9]+):[0-9]+ /  \1 /' >"$work/copy.out"
	if cmp -s "$work/form.out" "$work/copy.out" && grep -Eq "Grade|等级" "$work/form.out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL  $suite: $name"
		diff "$work/form.out" "$work/copy.out" | head -20
	fi
}
national=$root/tests/forms/national-project-2022.txt
sed -E 's/^\t+//; s/^总分\t+/总分\t/' "$national" >"$work/national-web.txt"
same_reading "national 自评表 copied from a web page: read as the form" "$national" "$work/national-web.txt"
sed -E 's/\t+$//' "$work/national-web.txt" >"$work/national-web-trimmed.txt"
same_reading "and with each line's trailing tabs trimmed" "$national" "$work/national-web-trimmed.txt"
"$P" import "$work/national-web.txt" >"$work/national-web.yaml" 2>/dev/null
assert "national 自评表 copied: a row printing only its 三级指标 keeps the 一级 and 二级 above it" \
	grep -A1 'name: "养护路段数"' "$work/national-web.yaml" | grep -q 'indicator: "产出指标/数量指标"'
assert "national 自评表 copied: a qualitative target under its own heading" \
	grep -A2 'name: "群众出行条件改善"' "$work/national-web.yaml" | grep -q 'target: "明显改善"'
sed -E '/^\t/{s/^\t+//}; s/^\t合计.*/合计\t100\t98.39\t/' "$sichuan" >"$work/sichuan-web.txt"
same_reading "Sichuan form copied from a web page: read as the form" "$sichuan" "$work/sichuan-web.txt"
sed -E '103,113{s/^\t+//;s/\t+$//}' "$seed" >"$work/seed-web.txt"
same_reading "the seed's score table without its merged cells: read as printed" "$seed" "$work/seed-web.txt"
# Saved from Excel or WPS as CSV: merged areas stay empty in place, as in a tab export.
python3 - "$root/tests/forms/national-project-2022.txt" "$work/form.csv" <<'PY'
import csv, io, sys
rows = [r.split("\t") for r in open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n")]
width = max(len(r) for r in rows)
rows = [r + [""] * (width - len(r)) for r in rows]
out = io.StringIO()
csv.writer(out, lineterminator="\r\n").writerows(rows)  # as Excel writes it
open(sys.argv[2], "wb").write(out.getvalue().encode("gb18030"))  # and in GBK, as a Chinese Windows does
PY
same_reading "a .csv export (GBK, CRLF) reads as the form" "$national" "$work/form.csv"

sed 's/\t18\.89\t/\t20\t/; s/\t98\.39\t/\t99.5\t/' "$sichuan" >"$work/sichuan-full.txt"
check "Sichuan form: a missed target claimed in full is an error at its cell" 1 \
	'15:33|target.full-score-unmet|85%' -- "$P" check --no-cache -r rules "$work/sichuan-full.txt"
# 单位资金 and 财政专户管理资金 are sources too (budget.funds.unit_funds, special_account):
# 115 + 5 makes the 总额 of 120; unread, they made three false budget.funds-sum errors.
sed 's/^\t其中:财政资金\t120\.00\t125\.00\t118\.75\t/\t其中:财政资金\t115.00\t120.00\t113.75\t/;
     s/^\t单位资金\t0\.00\t0\.00\t0\.00\t0\.00%/\t单位资金\t5.00\t5.00\t5.00\t100.00%/' \
	"$sichuan" >"$work/sichuan-unit.txt"
check "Sichuan form: 单位资金 counts among the sources of the 总额" 0 \
	'某县农技推广培训经费|!budget.funds-sum|!pev.form' -- "$P" check --no-cache -r rules "$work/sichuan-unit.txt"
sed 's/^\t单位资金\t0\.00\t0\.00\t0\.00\t0\.00%/\t单位资金\t5.00\t5.00\t5.00\t100.00%/' \
	"$sichuan" >"$work/sichuan-unit-over.txt"
check "Sichuan form: a 总额 short of its sources with 单位资金 is an error naming it" 1 \
	'budget.funds-sum|单位资金 5|130' -- "$P" check --no-cache -r rules "$work/sichuan-unit-over.txt"

# A region's copy of that layout that does not read 年初预算: an amount then stands between each
# row's label and its first value column, but the row is in place (no 执行率 under a money heading).
mkdir -p "$work/region/forms"
grep -v '^      initial: ' "$root/rules/forms/四川-部门预算项目支出绩效自评表.yaml" \
	>"$work/region/forms/四川-部门预算项目支出绩效自评表.yaml"
"$P" import -r rules -r "$work/region" "$sichuan" >"$work/sichuan-region.yaml" 2>/dev/null
assert "Sichuan form, a layout without 年初预算: rows read in place (全年预算数 125.00, 执行数 118.75)" \
	test "$(grep -A3 '^    total:' "$work/sichuan-region.yaml" | grep -c 'planned: "125.00"\|executed: "118.75"')" = 2

# The year as other printings give it: （2022年）, 2022年项目支出绩效自评表, 填报年度：2022年
for title in '（2022年）' '2022年项目支出绩效自评表' '填报年度：2022年'; do
	sed "2s/.*/$title/" "$national" >"$work/year.txt"
	check "national form titled $title: the year read" 0 'year: 2022' -- "$P" --lang en import "$work/year.txt"
done

check "two forms one under the other on a sheet: read as one, and said at the second" 1 \
	'自评表!A62  警告 这个工作表上有 2 张表（“项目名称”出现了 2 次），只读了第一张|1 个文件（1 份报告）' -- \
	"$P" check --no-cache -r rules "$forms/stacked-forms-putuo-2022.xlsx"

# --- several forms in one document --------------------------------------------------
# A department publishes its projects' 自评表 together: one text export or Word
# document, a title and a form for each.  Each is a report of its own (was: the first
# read, the others dropped without a word).
{ cat "$national"; echo; sed 's/乡村道路养护补助/农村客运补贴/; s/\t80\t86\t84\.28\t10\t98%\t9\.8$/\t50\t50\t45\t10\t90%\t9/; s/\t80\t86\t84\.28\t—\t98%/\t50\t50\t45\t—\t90%/' "$national"; } >"$work/two-forms.txt"
check "two 自评表 in one text export: two reports, each at its own lines" 1 \
	'document 1  某县公路事业发展中心|document 2  某县公路事业发展中心|农村客运补贴|43:13   error   总分为 99.58，但各项自评得分之和为 98.78|1 file (2 reports)' -- \
	"$P" --lang en check --no-cache -r rules "$work/two-forms.txt"
"$P" --lang en import "$work/two-forms.txt" >"$work/two-forms.yaml" 2>/dev/null
assert "import: one data document per form, the second with its own year and project" \
	test "$(grep -c '^---$' "$work/two-forms.yaml")-$(grep -c '^year: 2022' "$work/two-forms.yaml")-$(grep -c '^project: "农村客运补贴"  # line 25' "$work/two-forms.yaml")" = 2-2-1
check "two 自评表 in one Word document: two reports, findings at each one's table" 0 \
	'document 1 |document 2 |table 1, row 4, column 4  warning 全年预算数 86|农村客运补贴|1 file (2 reports)' -- \
	"$P" --lang en check --no-cache -r rules "$forms/two-projects-2022.docx"
# A report whose second heading starts like its anchor label is one report: the part
# after it shows no table of the layout.
sed '61i 部门整体支出：见下表' "$seed" >"$work/seed-two-headings.txt"
sed -i '10i 部门整体支出：详见附表' "$work/seed-two-headings.txt"
check "a report with two lines starting 部门整体支出 stays one report" 0 \
	'1 file (1 report)|94.57' -- "$P" --lang en check --no-cache -r rules "$work/seed-two-headings.txt"

# --- sentences as other regions word them ----------------------------------------
# “年初预算数为1,000.00万元”: the 为 between a label and its number (and 年末结转结余, 自评得分为)
printf '某县民政局2022年度部门整体支出绩效自评报告\n2022年度年初预算数为1,000.00万元，全年预算数为1,234.56万元，全年执行数为1,200.12万元，预算执行率为97.21%%。年末结转结余34.44万元。\n经自评，我局部门整体支出绩效自评得分为92.5分，等级为优。\n' >"$work/dept-wei.txt"
check "a report saying 全年预算数为…: every figure read, at its column" 0 \
	'initial: "1,000.00万元"  # line 2, column 13|planned: "1,234.56万元"|executed: "1,200.12万元"|carryover: "34.44万元"|total: "92.5"' -- \
	"$P" --lang en import "$work/dept-wei.txt"

# A 部门整体 report on the 投入-过程-产出-效果 framework prints 三级指标 and closes with 合计:
# read to the third level, 合计 the total (was: 三级 names lost, 合计 a first-level indicator).
printf '某县民政局2022年度部门整体支出绩效自评报告\n一级指标\t二级指标\t三级指标\t分值\t得分\n投入\t目标设定\t绩效目标合理性\t4\t4\n\t\t绩效指标明确性\t4\t3.5\n过程\t预算执行\t预算完成率\t5\t4.9\n合计\t\t\t13\t12.4\n' >"$work/dept-three.txt"
"$P" --lang en import "$work/dept-three.txt" >"$work/dept-three.yaml" 2>/dev/null
assert "a 部门整体 score table with 三级指标: read to the third level, 合计 as the total" \
	test "$(grep -c 'name: "绩效指标明确性"\|^  total: "12.4"' "$work/dept-three.yaml")-$(grep -c 'name: "合计"' "$work/dept-three.yaml")" = 2-0
sed -E 's/^\t+//; s/^合计\t+/合计\t/' "$work/dept-three.txt" >"$work/dept-three-web.txt"
same_reading "and copied from a web page: read as the form" "$work/dept-three.txt" "$work/dept-three-web.txt"

# --- a 部门整体 report titled 评价报告 (as Hunan's are), with no budget figures ----------
# The year comes from the title; a form that shows no budget is a warning that the form
# does not show it, as for any other part (not a format error of a data file).
check "评价报告 title: year read, a missing budget is a pev.form warning" 0 \
	'year 2023|pev.form budget|!pev.format|!missing required' -- \
	"$P" --lang en check --no-cache -r rules "$root/tests/forms/dept-evaluation-title.txt"

# --- layouts of a rule directory ----------------------------------------------------

mkdir -p "$work/local/forms"
cat >"$work/local/forms/简表.yaml" <<'YAML'
# 某区的部门整体自评简表（测试用）
name: 某区部门自评简表
title: 某区部门整体支出绩效自评简表
source: 某区财政局《部门整体支出绩效自评简表》（测试用）
kind: department
requires: [部门自评简表]
fields:
  unit: 单位名称
  year: 年度
  budget.planned: 全年预算数
  budget.executed: 全年执行数
  scores.total: 自评总分
YAML
printf '部门自评简表\n单位名称\t某区某局\n年度\t2023\n全年预算数\t100\n全年执行数\t80\n自评总分\t\n' >"$work/jianbiao.txt"
check "a rule directory's own layout reads its region's form" 1 \
	'某区某局|全年预算数|未填写：总分' -- \
	"$P" check -r rules -r "$work/local" "$work/jianbiao.txt"
check "forms: the bundled layouts and the directory's own" 0 \
	'项目支出绩效自评表|部门整体支出绩效自评报告|某区部门自评简表' -- "$P" forms -r "$work/local"
mkdir -p "$work/bad/forms"
printf 'name: 坏表\ntitle: 坏表\nsource: 测试\nkind: project\nrequires: [x]\ntables:\n  - into: funds\n    columns: {spent: 全年执行数}\n    rows: {total: 年度资金总额}\n' >"$work/bad/forms/坏表.yaml"
check "a layout's error at its file and line" 2 \
	'坏表.yaml:8|spent' -- "$P" check -r "$work/bad" "$seed"
check "import names the layout error too" 2 \
	'坏表.yaml:8' -- "$P" import -r "$work/bad" "$seed"
# The layouts are read only when an input is a form (a tenth of a one-file
# check of a data file went on them); the rules' own tests read them all.
cp rules/scores/grade.lua "$work/bad/"
check "a check of data files alone does not read the layouts" 0 \
	'!坏表.yaml' -- "$P" check --no-cache -r "$work/bad" examples/huangpu-2022.yaml
check "with a form among the inputs it does" 2 \
	'坏表.yaml:8' -- "$P" check --no-cache -r "$work/bad" examples/huangpu-2022.yaml "$seed"
check "pevcheck test reads every layout" 2 \
	'坏表.yaml:8' -- "$P" test -r "$work/bad" "$work/bad"

# a layout or a framework is read only from inside its rule directory
mkdir -p "$work/outside" "$work/linked/forms" "$work/linked2/frameworks"
cp "$work/local/forms/简表.yaml" "$work/outside/简表.yaml"
ln -s "$work/outside/简表.yaml" "$work/linked/forms/简表.yaml"
check "a form layout linked from outside its rule directory is refused, not read" 2 \
	'linked/forms/简表.yaml|outside/简表.yaml|!某区部门自评简表' -- "$P" forms -r "$work/linked"
ln -s "$root/rules/frameworks/履职效能-管理效率.yaml" "$work/linked2/frameworks/x.yaml"
check "a framework linked from outside its rule directory is refused" 2 \
	'linked2/frameworks/x.yaml' -- "$P" frameworks -r "$work/linked2"
mkdir -p "$work/rd"
ln -s "$work/outside" "$work/rd/forms"
check "a forms folder that is a link out of the rule directory is refused" 2 \
	'rd/forms' -- "$P" forms -r "$work/rd"

# --- waivers ----------------------------------------------------------------------------
# What reading a form met (pev.form) is waived like any finding, in a run
# that reads the form and in one that takes its results from the cache.
hunan="examples/forms/湖南某单位-2018-部门整体支出绩效评价基础数据表.xlsx"
cat >"$work/waive-form.yaml" <<'YAML'
waivers:
  - {rule: pev.form, path: budget.planned, files: "examples/forms/*.xlsx", reason: 表格未列此项, approved_by: 张三, expires: 2099-12-31}
YAML
for run in read cached; do
	check "a waiver covers a form's own note ($run)" 0 \
		'"rule":"pev.form"|"path":"budget.planned"|"waived":true|"reason":"表格未列此项"|!未使用' -- \
		"$P" check -f json --config "$work/waive-form.yaml" --cache-dir "$work/waive-cache" "$hunan"
done

finish

#!/usr/bin/env bash
# End-to-end tests of the form readers (load_grid.h): the forms written by
# tests/forms/gen_forms.py and the seed report, read by grid_dump, the test
# tool built beside the pevcheck binary (build/<variant>/grid_dump), in the
# Chinese locale the other suites use.  What is refused, and within which
# time and memory, is tests/e2e/hardening.sh's.
#
#   tests/e2e/forms-read.sh PEVCHECK_BINARY
#
# The forms come from $PEVCHECK_FORMS_DIR (tests/run-all.sh writes them
# once), else are written here.  Prints one line per failing check and ends
# with "N passed, N failed".
suite=forms-read
. "$(dirname "$0")/lib.sh"
dump=$(dirname "$bin")/grid_dump
if [ ! -x "$dump" ]; then
	echo "FAIL  forms-read: no $dump beside the binary (make build/plain/grid_dump)"
	failed=1
	finish
	exit
fi
forms=${PEVCHECK_FORMS_DIR:-}
if [ -z "$forms" ]; then
	forms=$work/forms
	python3 tests/forms/gen_forms.py "$forms" || {
		echo "FAIL  forms-read: tests/forms/gen_forms.py failed"
		failed=1
		finish
		exit
	}
fi
D=$dump

# --- workbooks ---------------------------------------------------------------------
check "national form: merged 一级指标, 执行率 shown 0%" 0 \
	'kind xlsx|table 1 name 自评表 rows 24 cols 9|cell 自评表!G6 type number text "86%" raw "0.86203703703703705"|cell 自评表!B13 type string text "产出指标" span 5x1|cell 自评表!B15 type blank text "" covered-by 自评表!B13|cell 自评表!H23 type number text "98"|!problem' -- \
	$D "$forms/national-langfang-2019.xlsx"
check "formulas: saved values shown, one without a value" 0 \
	'cell 自评表!G6 type number text "86.18%" raw "0.8618304" formula "E6/D6"|cell 自评表!G7 type uncomputed text "" formula "E7/D7"|cell 自评表!H18 type number text "98.618304" raw "98.618303999999995"' -- \
	$D "$forms/formulas-putuo-2022.xlsx"
check "regional copy: numbers as text stay text" 0 \
	'table 1 name 附件2 项目自评表 rows 19 cols 10|cell 附件2 项目自评表!E7 type string text "215,457.6"|cell 附件2 项目自评表!A18 type string text "年度总体目标" span 2x1' -- \
	$D "$forms/regional-putuo-2022.xlsx"
check "cover sheet, form second, hidden sheets kept" 0 \
	'table 1 name 封面 rows 5 cols 2|cell 封面!B4 type date text "2019-04-15" raw "43570"|table 2 name 自评表|table 3 name 填表说明 rows 1 cols 1 hidden|table 4 name vh rows 1 cols 1 hidden' -- \
	$D "$forms/cover-langfang-2019.xlsx"
check "hidden rows and column" 0 \
	'cell 自评表!D14 type string text "指标2" hidden|cell 自评表!J13 type string text "尾款3%" hidden' -- \
	$D "$forms/hidden-rows-langfang-2019.xlsx"
check "full-width labels, inline strings, no r attributes" 0 \
	'cell 自评表!A3 type string text "项 目 名 称："|cell 自评表!G6 type string text "８６％"|cell 自评表!A23 type string text "总　分" span 1x6' -- \
	$D "$forms/fullwidth-langfang-2019.xlsx"
check "Excel's quirks, with their problems in Chinese" 1 \
	'problem warning quirks!A8: 以数值存储，但内容不是数值，按文本保留|problem error quirks!A11: 引用的共享字符串 9999 不存在|cell quirks!A4 type number text "0.3" raw "0.30000000000000004"|cell quirks!C7 type number text "98.62%"' -- \
	$D "$forms/quirks.xlsx"
for f in half-filled-tangxi-2022 two-forms-putuo-2022 yuan-putuo-2022 date1904; do
	check "$f.xlsx reads without a problem" 0 "kind xlsx|!problem" -- $D "$forms/$f.xlsx"
done

# --- documents ---------------------------------------------------------------------
check "部门整体 report: paragraphs and the 评分表's merges" 0 \
	'kind docx|cell 表 1 第 3 行第 1 列 type string text "管理效率" span 7x1|cell 表 1 第 10 行第 1 列 type string text "总分" span 1x3|cell 表 1 第 8 行第 1 列 type blank text "" covered-by 表 1 第 3 行第 1 列|line 第 5 段 "全年预算数 383,506.13 万元，执行数 383,193.53 万元，完成预算的 99.9%。"|table 2 name - rows 5 cols 2 line 9' -- \
	$D "$forms/dept-huangpu-2022.docx"
check "nested table numbered after its parent" 0 \
	'table 1 name - rows 2 cols 3 line 1|table 2 name - rows 2 cols 2 parent 1 line 1|cell 表 1 第 1 行第 2 列 type string text "外B"|cell 表 2 第 2 行第 2 列 type string text "内4"' -- \
	$D "$forms/nested-table.docx"

# --- text ------------------------------------------------------------------------------
seed=$root/tests/forms/seed-huangpu-2022.txt # a copy of ../shared/seed/000_2ea140225a11ab7a.txt
check "the seed report's score table, line by column" 0 \
	'kind text|table 1 name - rows 10 cols 4 line 103|cell 第 103 行第 1 列 type string text "一级指标"|cell 第 106 行第 2 列 type string text "预算执行"|cell 第 113 行第 4 列 type string text "94.57"|line 第 69 行 "全年预算数 383,506.13 万元，执行数 383,193.53 万元，完成预算的 99.9%。"' -- \
	$D "$seed"
check "GB18030 text converted, with a note" 0 \
	'problem note -: 文件不是 UTF-8 编码，已按 GB18030（GBK）文本读取并转换|cell 第 13 行第 4 列 type string text "94.57"' -- \
	$D "$forms/huangpu-excerpt-gbk.txt"
check "Markdown pipe table" 0 \
	'table 1 name - rows 4 cols 3 line 3|cell 第 6 行第 10 列 type string text "预算编制 | 预算执行"' -- \
	$D "$forms/huangpu.md"

# The same text in every encoding reads to the same tables and lines.
$D "$forms/huangpu-excerpt.txt" | grep -v '^file\|^problem' >"$work/utf8.out"
for v in gbk utf16 bom-crlf; do
	$D "$forms/huangpu-excerpt-$v.txt" | grep -v '^file\|^problem' >"$work/$v.out"
	assert "the $v excerpt reads as the UTF-8 one" cmp -s "$work/utf8.out" "$work/$v.out"
done

finish forms-read

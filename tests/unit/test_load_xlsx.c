/*
 * Unit tests for load_xlsx.c: numbers shown as Excel shows them under their
 * number formats, and the workbooks of tests/forms/gen_forms.py read cell by
 * cell: the national 项目支出绩效自评表 with its merges, formulas with and
 * without saved values, numbers stored as text, regional and half-filled
 * copies, hidden rows, columns and sheets, full-width labels, Excel's own
 * storage quirks, and what is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms_fixture.h"
#include "load_grid.h"
#include "load_xlsx.h"

/* --- number formats ------------------------------------------------------------ */

static void assert_shown(const char *value, const char *code, const char *want, bool want_date)
{
	char out[128];
	bool is_date;
	assert_true(xlsx_format_number(value, code, false, out, sizeof out, &is_date));
	if (strcmp(out, want) != 0)
		fail_msg("%s under \"%s\": got \"%s\", want \"%s\"", value, code ? code : "(null)",
		         out, want);
	assert_int_equal(is_date, want_date);
}

static void formats_numbers_as_excel_shows_them(void **state)
{
	(void)state;
	assert_shown("0.9862", "0.00%", "98.62%", false);
	assert_shown("0.98619999999999997", "0.00%", "98.62%", false);
	assert_shown("0.86203703703703705", "0%", "86%", false);
	assert_shown("0.995", "0%", "100%", false); /* half away from zero */
	assert_shown("383506.13", "#,##0.00", "383,506.13", false);
	assert_shown("1234567.5", "#,##0", "1,234,568", false);
	assert_shown("12.5", "0.00", "12.50", false);
	assert_shown("2.675", "0.00", "2.68", false); /* decimal, not binary, rounding */
	assert_shown("-2.675", "0.00", "-2.68", false);
	assert_shown("0.001", "0.00", "0.00", false);
	assert_shown("-0.001", "0.00", "0.00", false); /* no "-0.00" */
	assert_shown("0.5", "#.00", ".50", false);
	assert_shown("3", "0.0#", "3.0", false);
	assert_shown("3.14159", "0.0#", "3.14", false);
	assert_shown("1500000", "#,##0,", "1,500", false);
	assert_shown("-1234.5", "0.00_);[Red]\\(0.00\\)", "(1234.50)", false);
	assert_shown("1234.5", "0.00_);[Red]\\(0.00\\)", "1234.50", false);
	assert_shown("0", "0;-0;;@", "", false);
	assert_shown("0", "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)", "-", false);
	assert_shown("383506.13", "#,##0.00\"万元\"", "383,506.13万元", false);
	assert_shown("99.9", "[$¥-804]#,##0.00", "¥99.90", false);
	assert_shown("-99.9", "\"¥\"#,##0.00;\"¥\"\\-#,##0.00", "¥-99.90", false);
	assert_shown("12345.678", "0.00E+00", "1.23E+04", false);
	assert_shown("0.00012", "0.00E+00", "1.20E-04", false);
	assert_shown("9.999", "0.00E+00", "1.00E+01", false);
}

static void general_shows_fifteen_digits_without_noise(void **state)
{
	(void)state;
	assert_shown("0.30000000000000004", NULL, "0.3", false);
	assert_shown("0.30000000000000004", "General", "0.3", false);
	assert_shown("98.618303999999995", "General", "98.618304", false);
	assert_shown("8.6183040000000002", NULL, "8.618304", false);
	assert_shown("1.5E-3", NULL, "0.0015", false);
	assert_shown("43.2", NULL, "43.2", false);
	assert_shown("100", NULL, "100", false);
	assert_shown("-0.5", NULL, "-0.5", false);
	assert_shown("0", NULL, "0", false);
	assert_shown("123456789012", NULL, "1.23456789012E+11", false);
	assert_shown("1E-10", NULL, "1E-10", false);
	assert_shown("0.5", "@", "0.5", false);        /* the text format on a number */
	assert_shown("0.75", "# ?/?", "0.75", false);  /* fractions: General */
	char out[16];
	bool is_date;
	assert_false(xlsx_format_number("abc", NULL, false, out, sizeof out, &is_date));
	assert_false(xlsx_format_number("1.2.3", NULL, false, out, sizeof out, &is_date));
	assert_false(xlsx_format_number("", NULL, false, out, sizeof out, &is_date));
	assert_false(xlsx_format_number("1E99999", NULL, false, out, sizeof out, &is_date));
}

static void dates_are_iso_in_both_date_systems(void **state)
{
	(void)state;
	assert_shown("44926", "yyyy/m/d", "2022-12-31", true);
	assert_shown("44926", xlsx_builtin_format(14), "2022-12-31", true);
	assert_shown("43571.5", "yyyy\"年\"m\"月\"d\"日\"", "2019-04-16", true);
	assert_shown("43571.5", "yyyy/m/d h:mm", "2019-04-16 12:00", true);
	assert_shown("0.75", "h:mm:ss", "18:00:00", true);
	assert_shown("60", "yyyy-mm-dd", "1900-02-29", true);  /* Excel's leap day */
	assert_shown("59", "yyyy-mm-dd", "1900-02-28", true);
	assert_shown("61", "yyyy-mm-dd", "1900-03-01", true);
	assert_shown("1", "yyyy-mm-dd", "1900-01-01", true);
	assert_shown("44926", "\"年\"0", "年44926", false);  /* 年 in quotes: no date */
	assert_shown("44926", "[Red]0", "44926", false);
	assert_shown("-1", "yyyy-mm-dd", "-1", false);        /* Excel shows ####: the number */
	char out[32];
	bool is_date;
	assert_true(xlsx_format_number("42108", "yyyy-mm-dd", true, out, sizeof out, &is_date));
	assert_string_equal(out, "2019-04-15"); /* 1904 system */
	assert_true(is_date);
	assert_string_equal(xlsx_builtin_format(10), "0.00%");
	assert_string_equal(xlsx_builtin_format(49), "@");
	assert_null(xlsx_builtin_format(23));
	assert_null(xlsx_builtin_format(200));
}

/* --- workbooks ------------------------------------------------------------------- */

static void assert_text(const grid_table *t, const char *a1, const char *text)
{
	const grid_cell *c = cell_a1(t, a1);
	assert_non_null(c);
	if (strcmp(c->text, text) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", a1, c->text, text);
}

static void assert_span(const grid_table *t, const char *a1, uint32_t rows, uint32_t cols)
{
	const grid_cell *c = cell_a1(t, a1);
	assert_non_null(c);
	if (c->row_span != rows || c->col_span != cols)
		fail_msg("%s: span %ux%u, want %ux%u", a1, c->row_span, c->col_span, rows, cols);
}

static void reads_the_national_form(void **state)
{
	(void)state;
	grid_doc *doc = open_form("national-langfang-2019.xlsx");
	assert_int_equal(doc->kind, GRID_XLSX);
	assert_int_equal(doc->problem_count, 0);
	assert_int_equal(doc->table_count, 1);
	const grid_table *t = &doc->tables[0];
	assert_string_equal(t->name, "自评表");
	assert_int_equal(t->number, 1);
	assert_false(t->hidden);
	assert_int_equal(t->rows, 24);
	assert_int_equal(t->cols, 9);
	assert_text(t, "A1", "项目支出绩效自评表");
	assert_span(t, "A1", 1, 9);
	assert_text(t, "A2", "（2019年度）");
	assert_text(t, "B3", "办公宿舍楼、食堂及餐厅暖通改造经费");
	assert_text(t, "F4", "廊坊市食品工程学校");
	assert_text(t, "A5", "项目资金（万元）");
	assert_span(t, "A5", 5, 1);
	assert_text(t, "G5", "执行率");
	/* 年度资金总额: 43.2 43.2 37.24 10 86% 9 */
	assert_text(t, "C6", "43.2");
	assert_text(t, "E6", "37.24");
	const grid_cell *rate = cell_a1(t, "G6");
	assert_int_equal(rate->type, GRID_NUMBER);
	assert_string_equal(rate->text, "86%");
	assert_string_equal(rate->raw, "0.86203703703703705");
	assert_null(rate->formula);
	assert_text(t, "H6", "9");
	assert_null(cell_a1(t, "H6")->raw); /* shown as stored */
	assert_span(t, "H6", 1, 2);
	assert_text(t, "F7", "—");
	assert_int_equal(cell_a1(t, "C8")->type, GRID_BLANK);
	/* 一级指标 merged down their rows, 二级指标 too */
	assert_text(t, "A12", "绩效指标");
	assert_span(t, "A12", 11, 1);
	assert_text(t, "B13", "产出指标");
	assert_span(t, "B13", 5, 1);
	assert_text(t, "B18", "效益指标");
	assert_span(t, "B18", 4, 1);
	assert_text(t, "B22", "满意度指标");
	assert_span(t, "B22", 1, 1);
	assert_text(t, "C14", "质量指标");
	assert_span(t, "C14", 2, 1);
	const grid_cell *covered = cell_a1(t, "B15");
	assert_true(grid_is_covered(covered));
	assert_int_equal(covered->anchor_row, 13);
	assert_int_equal(covered->anchor_col, 2);
	assert_string_equal(covered->text, "");
	const grid_cell *value = grid_value_at(t, 15, 2);
	assert_string_equal(value->text, "产出指标");
	assert_int_equal(value->row, 13);
	assert_text(t, "D13", "指标1工程资金金额");
	assert_text(t, "H13", "9");
	assert_text(t, "I13", "已完工，剩余3%尾款未付，且最高限价低于预算金额。提高预算准确度。");
	assert_text(t, "D20", "指标1");
	assert_int_equal(cell_a1(t, "H20")->type, GRID_BLANK);
	assert_text(t, "A23", "总分");
	assert_span(t, "A23", 1, 6);
	assert_text(t, "G23", "100");
	assert_text(t, "H23", "98");
	assert_text(t, "A24", "自评等级");
	assert_text(t, "G24", "优");
	char pos[64];
	grid_cell_position(doc, t, rate, pos, sizeof pos);
	assert_string_equal(pos, "自评表!G6");
	grid_cell_position(doc, t, value, pos, sizeof pos);
	assert_string_equal(pos, "自评表!B13");
	grid_free(doc);
}

static void reads_formulas_with_and_without_saved_values(void **state)
{
	(void)state;
	grid_doc *doc = open_form("formulas-putuo-2022.xlsx");
	assert_int_equal(doc->problem_count, 0);
	const grid_table *t = &doc->tables[0];
	const grid_cell *rate = cell_a1(t, "G6");
	assert_int_equal(rate->type, GRID_NUMBER);
	assert_string_equal(rate->text, "86.18%"); /* 215,457.6 / 250,000; the form printed 86.19% */
	assert_string_equal(rate->raw, "0.8618304");
	assert_string_equal(rate->formula, "E6/D6");
	const grid_cell *score = cell_a1(t, "H6");
	assert_string_equal(score->text, "8.62");
	assert_string_equal(score->raw, "8.6183040000000002");
	assert_string_equal(score->formula, "G6*F6");
	const grid_cell *missing = cell_a1(t, "G7");
	assert_int_equal(missing->type, GRID_UNCOMPUTED);
	assert_string_equal(missing->text, "");
	assert_string_equal(missing->formula, "E7/D7");
	const grid_cell *total = cell_a1(t, "H18");
	assert_string_equal(total->text, "98.618304");
	assert_string_equal(total->raw, "98.618303999999995");
	assert_text(t, "C6", "250,000.00");
	assert_string_equal(cell_a1(t, "C6")->raw, "250000");
	assert_text(t, "E6", "215,457.60");
	assert_text(t, "A5", "项目资金（元）");
	grid_free(doc);
}

static void reads_a_regional_copy_with_numbers_as_text(void **state)
{
	(void)state;
	grid_doc *doc = open_form("regional-putuo-2022.xlsx");
	assert_int_equal(doc->problem_count, 0);
	const grid_table *t = &doc->tables[0];
	assert_string_equal(t->name, "附件2 项目自评表");
	assert_int_equal(t->rows, 19);
	assert_int_equal(t->cols, 10);
	assert_text(t, "A1", "附件2");
	assert_text(t, "A2", "项目支出绩效自评表");
	assert_span(t, "A2", 1, 10);
	/* the amounts as the copy prints them: text, not numbers */
	const grid_cell *executed = cell_a1(t, "E7");
	assert_int_equal(executed->type, GRID_STRING);
	assert_string_equal(executed->text, "215,457.6");
	assert_null(executed->raw);
	assert_text(t, "G7", "86.19%");
	assert_int_equal(cell_a1(t, "G7")->type, GRID_STRING);
	assert_text(t, "E11", "指标性质");
	assert_text(t, "J11", "偏差原因分析及改进措施");
	assert_text(t, "E14", "定性");
	assert_text(t, "A17", "总分");
	assert_text(t, "I17", "98.62");
	/* 年度总体目标 moved below the indicators */
	assert_text(t, "A18", "年度总体目标");
	assert_span(t, "A18", 2, 1);
	assert_text(t, "F19", "已完成普陀体育中心与委托运营方费用结算。");
	grid_free(doc);
}

static void reads_a_half_filled_form(void **state)
{
	(void)state;
	grid_doc *doc = open_form("half-filled-tangxi-2022.xlsx");
	assert_int_equal(doc->problem_count, 0);
	const grid_table *t = &doc->tables[0];
	assert_text(t, "B6", "年度资金总额：");
	assert_true(grid_label_equal(cell_a1(t, "B6")->text, "年度资金总额"));
	assert_text(t, "H6", "0"); /* as published: 0 0 0 10 0 0 */
	assert_text(t, "B7", "其中：本年财政拨款");
	assert_text(t, "D7", "89.974");
	assert_text(t, "B13", "产出指标(50分)");
	assert_span(t, "B13", 6, 1);
	assert_text(t, "G13", "8");
	for (uint32_t r = 13; r <= 23; r++) /* 得分 left blank throughout */
		assert_int_equal(grid_cell_at(t, r, 8)->type, GRID_BLANK);
	assert_text(t, "A24", "总分");
	assert_int_equal(cell_a1(t, "H24")->type, GRID_BLANK);
	assert_text(t, "D23", "公众满意度");
	grid_free(doc);
}

static void keeps_hidden_rows_columns_and_sheets(void **state)
{
	(void)state;
	grid_doc *doc = open_form("hidden-rows-langfang-2019.xlsx");
	const grid_table *t = &doc->tables[0];
	assert_int_equal(t->cols, 10);
	assert_text(t, "D14", "指标2");
	assert_true(cell_a1(t, "D14")->hidden);
	assert_text(t, "D15", "……");
	assert_true(cell_a1(t, "A15")->hidden); /* a covered cell of a hidden row */
	assert_false(cell_a1(t, "D13")->hidden);
	assert_text(t, "J13", "尾款3%");
	assert_true(cell_a1(t, "J13")->hidden);
	assert_true(cell_a1(t, "J1")->hidden);
	assert_text(t, "B13", "产出指标"); /* the merge reaches over the hidden rows */
	assert_span(t, "B13", 8, 1);
	grid_free(doc);

	doc = open_form("cover-langfang-2019.xlsx");
	assert_int_equal(doc->problem_count, 0);
	assert_int_equal(doc->table_count, 4);
	assert_string_equal(doc->tables[0].name, "封面");
	assert_string_equal(doc->tables[1].name, "自评表");
	assert_string_equal(doc->tables[2].name, "填表说明");
	assert_string_equal(doc->tables[3].name, "vh");
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(doc->tables[i].number, i + 1);
	assert_false(doc->tables[0].hidden);
	assert_false(doc->tables[1].hidden);
	assert_true(doc->tables[2].hidden);
	assert_true(doc->tables[3].hidden);
	const grid_cell *date = cell_a1(&doc->tables[0], "B4");
	assert_int_equal(date->type, GRID_DATE);
	assert_string_equal(date->text, "2019-04-15");
	assert_string_equal(date->raw, "43570");
	assert_text(&doc->tables[0], "B5", "2019-04-16");
	assert_text(&doc->tables[1], "G6", "86%");
	grid_free(doc);
}

static void reads_two_forms_in_one_workbook(void **state)
{
	(void)state;
	grid_doc *doc = open_form("two-forms-putuo-2022.xlsx");
	assert_int_equal(doc->table_count, 2);
	assert_string_equal(doc->tables[0].name, "结算费用");
	assert_string_equal(doc->tables[1].name, "援滇经费");
	assert_text(&doc->tables[0], "G6", "86.19%");
	assert_text(&doc->tables[1], "B3", "援滇对口支援及结对帮扶经费");
	assert_text(&doc->tables[1], "E6", "9,034.00");
	assert_text(&doc->tables[1], "G6", "45.17%");
	char pos[64];
	grid_cell_position(doc, &doc->tables[1], cell_a1(&doc->tables[1], "G6"), pos, sizeof pos);
	assert_string_equal(pos, "援滇经费!G6");
	grid_free(doc);

	doc = open_form("yuan-putuo-2022.xlsx");
	const grid_table *t = &doc->tables[0];
	assert_text(t, "I3", "单位：元");
	assert_text(t, "A6", "项目资金");
	assert_text(t, "C7", "250,000.00");
	assert_text(t, "G7", "86.19%");
	grid_free(doc);
}

static void reads_full_width_labels_inline_strings_and_no_refs(void **state)
{
	(void)state;
	grid_doc *doc = open_form("fullwidth-langfang-2019.xlsx");
	assert_int_equal(doc->problem_count, 0);
	const grid_table *t = &doc->tables[0];
	assert_int_equal(t->rows, 23);
	assert_text(t, "A3", "项 目 名 称：");
	assert_true(grid_label_equal(cell_a1(t, "A3")->text, "项目名称"));
	assert_text(t, "A2", "（２０１９年度）");
	assert_true(grid_label_equal(cell_a1(t, "A2")->text, "(2019年度)"));
	assert_text(t, "A23", "总　分");
	assert_true(grid_label_equal(cell_a1(t, "A23")->text, "总分"));
	assert_text(t, "G6", "８６％"); /* stored as text: stays text */
	assert_int_equal(cell_a1(t, "G6")->type, GRID_STRING);
	assert_span(t, "B13", 5, 1);
	grid_free(doc);
}

static void reads_what_excel_stores_its_own_way(void **state)
{
	(void)state;
	grid_doc *doc = open_form("quirks.xlsx");
	const grid_table *t = &doc->tables[0];
	assert_int_equal(t->rows, 13); /* the styled blank Z200 is not part of it */
	assert_int_equal(t->cols, 6);
	assert_text(t, "A1", "项目支出绩效自评表"); /* runs joined, phonetic guide left out */
	assert_text(t, "A2", "项目\n名称");          /* _x000D_ and the CR dropped */
	assert_text(t, "A3", "0.0015");
	assert_string_equal(cell_a1(t, "A3")->raw, "1.5E-3");
	assert_text(t, "A4", "0.3");
	assert_int_equal(cell_a1(t, "A5")->type, GRID_BOOLEAN);
	assert_text(t, "A5", "TRUE");
	assert_int_equal(cell_a1(t, "A6")->type, GRID_ERROR_VALUE);
	assert_text(t, "A6", "#DIV/0!");
	assert_int_equal(cell_a1(t, "A7")->type, GRID_DATE);
	assert_text(t, "A7", "2022-12-31");
	assert_int_equal(cell_a1(t, "A8")->type, GRID_STRING);
	assert_text(t, "A8", "abc");
	assert_text(t, "A9", "(1234.50)");
	assert_text(t, "A10", "383,506.13万元");
	assert_int_equal(cell_a1(t, "A11")->type, GRID_ERROR_VALUE);
	assert_text(t, "B12", "0.006");
	assert_string_equal(cell_a1(t, "B12")->formula, "A12*2");
	assert_string_equal(cell_a1(t, "B13")->formula, ""); /* shares B12's formula */
	assert_text(t, "B13", "0.012");
	assert_text(t, "C1", "合计");
	assert_text(t, "C2", "0.5");
	assert_text(t, "C3", "2022-12-31");
	assert_text(t, "C4", "1900-02-29");
	assert_text(t, "C6", "12.50");
	assert_text(t, "C7", "98.62%");
	assert_text(t, "D1", "合并");
	assert_span(t, "D1", 2, 2);
	assert_false(grid_is_covered(cell_a1(t, "F3"))); /* E2:F3 overlapped D1:E2 */
	/* the problems: where and what */
	const grid_problem *p = find_problem(doc, "not one");
	assert_non_null(p);
	assert_int_equal(p->level, GRID_WARNING);
	assert_string_equal(p->where, "quirks!A8");
	p = find_problem(doc, "shared string 9999");
	assert_non_null(p);
	assert_int_equal(p->level, GRID_ERROR);
	assert_string_equal(p->where, "quirks!A11");
	p = find_problem(doc, "overlaps");
	assert_non_null(p);
	assert_string_equal(p->where, "quirks!E2");
	assert_true(grid_has_errors(doc));
	grid_free(doc);

	doc = open_form("date1904.xlsx");
	assert_text(&doc->tables[0], "A1", "2019-04-15");
	grid_free(doc);
}

static void keeps_its_limits(void **state)
{
	(void)state;
	grid_limits lim = grid_limits_default;
	lim.max_shared_strings = 3;
	grid_doc *doc = grid_open(form_path("national-langfang-2019.xlsx"), &lim);
	assert_non_null(find_problem(doc, "more than the limit of 3 shared strings"));
	assert_string_equal(doc->problems[0].where, "xl/sharedStrings.xml");
	assert_int_equal(doc->problem_count, 1); /* said once, not once a cell */
	assert_int_equal(cell_a1(&doc->tables[0], "A1")->type, GRID_ERROR_VALUE);
	assert_string_equal(cell_a1(&doc->tables[0], "G6")->text, "86%"); /* numbers still read */
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_shared_bytes = 100;
	doc = grid_open(form_path("national-langfang-2019.xlsx"), &lim);
	assert_non_null(find_problem(doc, "more than the limit of 100 bytes"));
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_table_cells = 100;
	doc = grid_open(form_path("cover-langfang-2019.xlsx"), &lim);
	assert_non_null(find_problem(doc, "more than 100 cells hold a value"));
	assert_int_equal(doc->table_count, 3); /* the form refused, the others read */
	assert_string_equal(doc->tables[1].name, "填表说明");
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_tables = 2;
	doc = grid_open(form_path("cover-langfang-2019.xlsx"), &lim);
	assert_non_null(find_problem(doc, "more than 2 sheets"));
	assert_int_equal(doc->kind, GRID_UNKNOWN);
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_merges = 5;
	doc = grid_open(form_path("national-langfang-2019.xlsx"), &lim);
	assert_non_null(find_problem(doc, "more than 5 merged areas"));
	assert_int_equal(doc->table_count, 0);
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_xml_depth = 3;
	doc = grid_open(form_path("national-langfang-2019.xlsx"), &lim);
	assert_non_null(find_problem(doc, "nested more than 3 deep"));
	grid_free(doc);
}

static void refuses_hostile_workbooks(void **state)
{
	(void)state;
	static const struct {
		const char *file, *where, *message;
	} cases[] = {
		{ "hostile-billion-laughs.xlsx", "xl/sharedStrings.xml", "DOCTYPE" },
		{ "hostile-not-xml.xlsx", "Sheet1 (xl/worksheets/sheet1.xml)", "not well-formed XML" },
		{ "hostile-wrong-root.xlsx", "Sheet1 (xl/worksheets/sheet1.xml)",
		  "its root element is <sst>, not <worksheet>" },
		{ "hostile-huge-sheet.xlsx", "Sheet1", "1048576 rows and 16384 columns" },
		{ "hostile-bomb-size.xlsx", "Sheet1 (xl/worksheets/sheet1.xml)",
		  "more than the limit of 67108864 (a zip bomb?)" },
		{ "hostile-bomb-ratio.xlsx", "Sheet1 (xl/worksheets/sheet1.xml)",
		  "times, more than the limit of 200 (a zip bomb?)" },
		{ "hostile-lying-size.xlsx", "Sheet1 (xl/worksheets/sheet1.xml)",
		  "holds more data than the zip archive declares (100 bytes)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		grid_doc *doc = open_form(cases[i].file);
		const grid_problem *p = find_problem(doc, cases[i].message);
		if (!p)
			fail_msg("%s: no problem saying \"%s\"", cases[i].file, cases[i].message);
		assert_int_equal(p->level, GRID_ERROR);
		assert_string_equal(p->where, cases[i].where);
		assert_true(grid_has_errors(doc));
		grid_free(doc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_numbers_as_excel_shows_them),
		cmocka_unit_test(general_shows_fifteen_digits_without_noise),
		cmocka_unit_test(dates_are_iso_in_both_date_systems),
		cmocka_unit_test(reads_the_national_form),
		cmocka_unit_test(reads_formulas_with_and_without_saved_values),
		cmocka_unit_test(reads_a_regional_copy_with_numbers_as_text),
		cmocka_unit_test(reads_a_half_filled_form),
		cmocka_unit_test(keeps_hidden_rows_columns_and_sheets),
		cmocka_unit_test(reads_two_forms_in_one_workbook),
		cmocka_unit_test(reads_full_width_labels_inline_strings_and_no_refs),
		cmocka_unit_test(reads_what_excel_stores_its_own_way),
		cmocka_unit_test(keeps_its_limits),
		cmocka_unit_test(refuses_hostile_workbooks),
	};
	return cmocka_run_group_tests(tests, forms_setup, forms_teardown);
}

/*
 * Unit tests for load_docx.c: the seed's 部门整体 report rebuilt by
 * tests/forms/gen_forms.py (its paragraphs with tracked changes, a field, a
 * text box and alternate content; its 评分表 with vertical and horizontal
 * merges; its 收支 table inside a content control), a table nested in a
 * cell, a row after a skipped grid column, and what is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "forms_fixture.h"
#include "load_grid.h"

static void assert_cell(const grid_table *t, uint32_t row, uint32_t col, const char *text,
                        uint32_t rows, uint32_t cols)
{
	const grid_cell *c = grid_cell_at(t, row, col);
	assert_non_null(c);
	if (strcmp(c->text, text) != 0 || c->row_span != rows || c->col_span != cols)
		fail_msg("table %u row %u col %u: \"%s\" %ux%u, want \"%s\" %ux%u", t->number, row,
		         col, c->text, c->row_span, c->col_span, text, rows, cols);
}

static void reads_the_paragraphs(void **state)
{
	(void)state;
	grid_doc *doc = open_form("dept-huangpu-2022.docx");
	assert_int_equal(doc->kind, GRID_DOCX);
	assert_int_equal(doc->problem_count, 0);
	assert_int_equal(doc->line_count, 10);
	for (size_t i = 0; i < doc->line_count; i++)
		assert_int_equal(doc->lines[i].number, i + 1);
	/* the title paragraph's tab stop (in w:pPr) is no text */
	assert_string_equal(doc->lines[0].text,
	                    "广州市黄埔区科学技术局（广州开发区科技创新局）2022年度部门整体支出绩效自评报告");
	assert_string_equal(doc->lines[2].text, ""); /* an empty paragraph counts */
	/* the tracked insertion kept, the deletion left out */
	assert_string_equal(doc->lines[4].text,
	                    "全年预算数 383,506.13 万元，执行数 383,193.53 万元，完成预算的 99.9%。");
	assert_string_equal(doc->lines[5].text, "按支出性质看，基本支出 2,289.3 万元，项目支出 "
	                                        "380,904.23 万元。\n年末结转和结余 0 万元。");
	/* a tab; the PAGE field's result, not its instruction; no text box;
	 * the chosen alternate, not the fallback */
	assert_string_equal(doc->lines[6].text, "二、综合评价分析\t第1页（选择）");
	assert_string_equal(doc->lines[7].text, "表1 部门整体支出绩效自评得分表");
	char pos[64];
	grid_line_position(doc, &doc->lines[4], pos, sizeof pos);
	assert_string_equal(pos, "paragraph 5");
	grid_free(doc);
}

static void reads_the_score_table_with_its_merges(void **state)
{
	(void)state;
	grid_doc *doc = open_form("dept-huangpu-2022.docx");
	assert_int_equal(doc->table_count, 2);
	const grid_table *t = &doc->tables[0];
	assert_null(t->name);
	assert_int_equal(t->number, 1);
	assert_int_equal(t->parent, 0);
	assert_int_equal(t->line, 8); /* after 表1 部门整体支出绩效自评得分表 */
	assert_int_equal(t->rows, 10);
	assert_int_equal(t->cols, 4);
	assert_cell(t, 1, 1, "一级指标", 1, 1);
	assert_cell(t, 2, 3, "45.07", 1, 1);
	assert_cell(t, 3, 1, "管理效率", 7, 1); /* vMerge restart and six continuing */
	assert_cell(t, 3, 4, "49.50", 7, 1);
	assert_cell(t, 8, 2, "资产管理", 1, 1);
	assert_cell(t, 8, 3, "9.5", 1, 1);
	assert_cell(t, 10, 1, "总分", 1, 3); /* gridSpan 3 */
	assert_cell(t, 10, 4, "94.57", 1, 1);
	const grid_cell *covered = grid_cell_at(t, 8, 1);
	assert_true(grid_is_covered(covered));
	assert_int_equal(covered->type, GRID_BLANK);
	const grid_cell *value = grid_value_at(t, 8, 1);
	assert_string_equal(value->text, "管理效率");
	assert_string_equal(grid_value_at(t, 10, 3)->text, "总分");
	assert_int_equal(grid_cell_at(t, 2, 3)->type, GRID_STRING);
	char pos[64];
	grid_cell_position(doc, t, value, pos, sizeof pos);
	assert_string_equal(pos, "table 1, row 3, column 1");
	grid_cell_position(doc, t, grid_cell_at(t, 10, 4), pos, sizeof pos);
	assert_string_equal(pos, "table 1, row 10, column 4");

	t = &doc->tables[1]; /* the 收支 table, inside a content control */
	assert_int_equal(t->number, 2);
	assert_int_equal(t->line, 9);
	assert_int_equal(t->rows, 5);
	assert_int_equal(t->cols, 2);
	assert_cell(t, 2, 1, "全年预算数", 1, 1);
	assert_cell(t, 2, 2, "383,506.13", 1, 1);
	assert_cell(t, 5, 2, "380,904.23", 1, 1);
	grid_free(doc);
}

static void keeps_nested_tables_apart(void **state)
{
	(void)state;
	grid_doc *doc = open_form("nested-table.docx");
	assert_int_equal(doc->problem_count, 0);
	assert_int_equal(doc->table_count, 4);
	const grid_table *outer = &doc->tables[0], *inner = &doc->tables[1];
	assert_int_equal(outer->number, 1);
	assert_int_equal(outer->rows, 2);
	assert_int_equal(outer->cols, 3);
	/* the outer cell has its own paragraph only; the empty paragraph Word
	 * wants after a nested table adds no line break */
	assert_cell(outer, 1, 2, "外B", 1, 1);
	assert_cell(outer, 1, 3, "外C", 1, 1);
	assert_cell(outer, 2, 1, "跨两列", 1, 2);
	assert_cell(outer, 2, 3, "外D", 1, 1);
	assert_int_equal(inner->number, 2);
	assert_int_equal(inner->parent, 1);
	assert_int_equal(inner->rows, 2);
	assert_cell(inner, 1, 1, "内1", 1, 1);
	assert_cell(inner, 2, 2, "内4", 1, 1);
	assert_int_equal(doc->tables[2].number, 3);
	assert_int_equal(doc->tables[2].parent, 0);
	assert_int_equal(doc->tables[2].line, 2); /* after 中间 */
	assert_cell(&doc->tables[2], 1, 2, "后2", 1, 1);
	const grid_table *skipped = &doc->tables[3];
	assert_int_equal(skipped->cols, 3);
	assert_int_equal(grid_cell_at(skipped, 2, 1)->type, GRID_BLANK); /* gridBefore */
	assert_cell(skipped, 2, 2, "丁", 1, 1);
	assert_cell(skipped, 2, 3, "戊", 1, 1);
	assert_int_equal(doc->line_count, 2);
	assert_string_equal(doc->lines[1].text, "中间");
	grid_free(doc);
}

static void numbers_a_table_nested_after_many(void **state)
{
	(void)state;
	grid_doc *doc = open_form("many-tables.docx");
	assert_int_equal(doc->problem_count, 0);
	assert_int_equal(doc->table_count, 9);
	for (uint32_t i = 0; i < 9; i++)
		assert_int_equal(doc->tables[i].number, i + 1);
	assert_int_equal(doc->tables[7].parent, 0);
	assert_int_equal(doc->tables[8].parent, 8);
	assert_int_equal(doc->tables[8].line, 7); /* after 段7, as its parent */
	assert_cell(&doc->tables[8], 1, 1, "表9", 1, 1);
	assert_cell(&doc->tables[7], 1, 1, "表8", 1, 1);
	grid_free(doc);
}

static void keeps_its_limits(void **state)
{
	(void)state;
	grid_limits lim = grid_limits_default;
	lim.max_tables = 2;
	grid_doc *doc = grid_open(form_path("nested-table.docx"), &lim);
	assert_non_null(find_problem(doc, "more than 2 tables"));
	assert_string_equal(doc->problems[0].where, "word/document.xml");
	assert_int_equal(doc->table_count, 2); /* those complete before the third began */
	assert_int_equal(doc->tables[1].number, 2);
	assert_int_equal(doc->tables[1].parent, 1);
	assert_int_equal(doc->line_count, 2); /* the paragraphs before the third table */
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_table_cells = 4;
	doc = grid_open(form_path("dept-huangpu-2022.docx"), &lim);
	const grid_problem *p = find_problem(doc, "10 rows and 4 columns");
	assert_non_null(p);
	assert_string_equal(p->where, "table 1");
	assert_int_equal(doc->table_count, 0);
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_lines = 3;
	doc = grid_open(form_path("dept-huangpu-2022.docx"), &lim);
	assert_non_null(find_problem(doc, "more than 3 lines"));
	assert_int_equal(doc->line_count, 3);
	grid_free(doc);
}

static void refuses_hostile_documents(void **state)
{
	(void)state;
	grid_doc *doc = open_form("hostile-external-entity.docx");
	assert_int_equal(doc->kind, GRID_UNKNOWN);
	const grid_problem *p = find_problem(doc, "has a DOCTYPE declaration");
	assert_non_null(p);
	assert_string_equal(p->where, "word/document.xml");
	assert_int_equal(doc->line_count, 0); /* nothing of /etc/passwd, nothing at all */
	grid_free(doc);

	doc = open_form("hostile-deep.docx");
	assert_non_null(find_problem(doc, "elements nested more than 256 deep"));
	grid_free(doc);

	doc = open_form("hostile-encrypted.docx");
	assert_non_null(find_problem(doc, "Word 97-2003 document (.doc) or a password-protected"));
	grid_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_the_paragraphs),
		cmocka_unit_test(reads_the_score_table_with_its_merges),
		cmocka_unit_test(keeps_nested_tables_apart),
		cmocka_unit_test(numbers_a_table_nested_after_many),
		cmocka_unit_test(keeps_its_limits),
		cmocka_unit_test(refuses_hostile_documents),
	};
	return cmocka_run_group_tests(tests, forms_setup, forms_teardown);
}

/*
 * Unit tests for load_text.c: the seed report (tests/forms, a copy of ../shared/seed beside the
 * checkout) with its tab-separated score table, each cell at its line and
 * column; the excerpt of tests/forms/gen_forms.py in UTF-8, with a BOM and
 * CRLF, in GB18030 and in UTF-16; a Markdown pipe table; and what is
 * refused or limited.
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

/* A copy of ../shared/seed/000_2ea140225a11ab7a.txt, so a clone alone runs
 * the tests (tests/forms/README.md says where it is from). */
#define SEED "tests/forms/seed-huangpu-2022.txt"

static void assert_at(const grid_table *t, uint32_t row, uint32_t col, const char *text,
                      uint32_t line, uint32_t column)
{
	const grid_cell *c = grid_cell_at(t, row, col);
	assert_non_null(c);
	if (strcmp(c->text, text) != 0 || c->line != line || c->column != column)
		fail_msg("row %u col %u: \"%s\" at %u:%u, want \"%s\" at %u:%u", row, col, c->text,
		         c->line, c->column, text, line, column);
	assert_int_equal(c->type, text[0] ? GRID_STRING : GRID_BLANK);
	assert_int_equal(c->row_span, 1);
	assert_int_equal(c->col_span, 1);
}

static void reads_the_seed_report(void **state)
{
	(void)state;
	grid_doc *doc = grid_open(SEED, NULL);
	if (doc->problem_count)
		fail_msg("%s: %s (the seed is read from ../shared beside the checkout)", SEED,
		         doc->problems[0].message);
	assert_int_equal(doc->kind, GRID_TEXT);
	assert_int_equal(doc->line_count, 174); /* the last line has no line end */
	assert_int_equal(doc->lines[68].number, 69);
	assert_string_equal(doc->lines[68].text,
	                    "全年预算数 383,506.13 万元，执行数 383,193.53 万元，完成预算的 99.9%。");
	assert_string_equal(doc->lines[102].text, "一级指标\t二级指标\t得分\t合计");
	assert_int_equal(doc->table_count, 1);
	const grid_table *t = &doc->tables[0];
	assert_int_equal(t->number, 1);
	assert_int_equal(t->line, 103);
	assert_int_equal(t->rows, 10); /* 8 lines, the 总分 line after a blank one, no rule */
	assert_int_equal(t->cols, 4);
	assert_at(t, 1, 1, "一级指标", 103, 1);
	assert_at(t, 1, 4, "合计", 103, 14);
	assert_at(t, 2, 1, "履职效能", 104, 1);
	assert_at(t, 2, 3, "45.07", 104, 11);
	assert_at(t, 3, 1, "管理效率", 105, 1);
	assert_at(t, 3, 4, "49.50", 105, 13);
	/* continuation rows: the empty first cell kept blank */
	assert_at(t, 4, 1, "", 106, 1);
	assert_at(t, 4, 2, "预算执行", 106, 2);
	assert_at(t, 4, 3, "4", 106, 7);
	assert_at(t, 4, 4, "", 106, 9);
	assert_at(t, 8, 2, "资产管理", 110, 2);
	assert_at(t, 8, 3, "9.5", 110, 7);
	assert_at(t, 9, 2, "运行成本", 111, 2);
	assert_at(t, 10, 1, "总分", 113, 1);
	assert_at(t, 10, 2, "94.57", 113, 4);
	assert_at(t, 10, 3, "", 113, 9); /* past the short line's end */
	char pos[64];
	grid_cell_position(doc, t, grid_cell_at(t, 10, 2), pos, sizeof pos);
	assert_string_equal(pos, "line 113, column 4");
	grid_line_position(doc, &doc->lines[68], pos, sizeof pos);
	assert_string_equal(pos, "line 69");
	grid_free(doc);
}

/* The excerpt's table, whatever encoding it came in. */
static void assert_excerpt(const grid_doc *doc)
{
	assert_int_equal(doc->kind, GRID_TEXT);
	assert_int_equal(doc->line_count, 16);
	assert_string_equal(doc->lines[4].text,
	                    "全年预算数 383,506.13 万元，执行数 383,193.53 万元，完成预算的 99.9%。");
	assert_int_equal(doc->table_count, 1); /* the tab-indented paragraph is not one */
	const grid_table *t = &doc->tables[0];
	assert_int_equal(t->line, 7);
	assert_int_equal(t->rows, 6);
	assert_at(t, 1, 2, "二级指标", 7, 6);
	assert_at(t, 4, 1, "", 10, 1);
	assert_at(t, 5, 3, "9.5", 11, 7);
	assert_at(t, 6, 2, "94.57", 13, 4);
}

static void reads_every_encoding_alike(void **state)
{
	(void)state;
	grid_doc *doc = open_form("huangpu-excerpt.txt");
	assert_int_equal(doc->problem_count, 0);
	assert_excerpt(doc);
	assert_string_equal(doc->lines[15].text, "\t这一段以制表符缩进，不是表格。");
	grid_free(doc);

	doc = open_form("huangpu-excerpt-bom-crlf.txt");
	assert_int_equal(doc->problem_count, 0);
	assert_excerpt(doc);
	assert_string_equal(doc->lines[0].text,
	                    "# 广州市黄埔区科学技术局（广州开发区科技创新局）2022年度部门整体支出绩效自评报告");
	grid_free(doc);

	doc = open_form("huangpu-excerpt-gbk.txt");
	assert_int_equal(doc->problem_count, 1);
	assert_int_equal(doc->problems[0].level, GRID_NOTE);
	assert_non_null(find_problem(doc, "read as GB18030 (GBK) text and converted"));
	assert_false(grid_has_errors(doc));
	assert_excerpt(doc);
	grid_free(doc);

	doc = open_form("huangpu-excerpt-utf16.txt");
	assert_int_equal(doc->problems[0].level, GRID_NOTE);
	assert_non_null(find_problem(doc, "UTF-16"));
	assert_excerpt(doc);
	grid_free(doc);
}

static void reads_markdown_pipe_tables(void **state)
{
	(void)state;
	grid_doc *doc = open_form("huangpu.md");
	assert_int_equal(doc->table_count, 1);
	const grid_table *t = &doc->tables[0];
	assert_int_equal(t->line, 3);
	assert_int_equal(t->rows, 4); /* the |:---| row is not one */
	assert_int_equal(t->cols, 3);
	assert_at(t, 1, 1, "一级指标", 3, 3);
	assert_at(t, 1, 3, "得分", 3, 17);
	assert_at(t, 2, 3, "45.07", 5, 17);
	assert_at(t, 3, 2, "预算编制 | 预算执行", 6, 10); /* "\|" is a bar */
	assert_at(t, 4, 1, "", 7, 2); /* an empty cell: where it starts */
	assert_at(t, 4, 2, "资产管理", 7, 6);
	assert_string_equal(doc->lines[8].text, "总分 94.57。");
	grid_free(doc);
}

static grid_doc *text(const char *s)
{
	return grid_open_buffer(s, strlen(s), "t.txt", NULL);
}

static void finds_tables_only_where_they_are(void **state)
{
	(void)state;
	/* a ragged tab table: short rows padded past their end */
	grid_doc *doc = text("a\tb\tc\nd\n\ne\tf\n");
	assert_int_equal(doc->table_count, 2);
	assert_int_equal(doc->tables[0].rows, 1);
	assert_int_equal(doc->tables[1].line, 4);
	assert_at(&doc->tables[1], 1, 2, "f", 4, 3);
	grid_free(doc);

	doc = text("a\tb\n\n\nc\td\n"); /* two blank lines end a table */
	assert_int_equal(doc->table_count, 2);
	grid_free(doc);

	doc = text("x\ty\n1\t2\t3\n");
	assert_int_equal(doc->tables[0].cols, 3);
	assert_at(&doc->tables[0], 1, 3, "", 1, 4);
	grid_free(doc);

	/* padding with spaces and U+3000 around a cell is not its text */
	doc = text("  名称\t\xE3\x80\x80数额 \n");
	assert_at(&doc->tables[0], 1, 1, "名称", 1, 3);
	assert_at(&doc->tables[0], 1, 2, "数额", 1, 7);
	grid_free(doc);

	/* a pipe line without a delimiter row, or with a wrong one, is prose */
	doc = text("a | b\nc | d\n");
	assert_int_equal(doc->table_count, 0);
	grid_free(doc);
	doc = text("| a | b |\n|---|\n");
	assert_int_equal(doc->table_count, 0);
	grid_free(doc);
	doc = text("a | b\n--- | ---\nc | d\n\ne\n");
	assert_int_equal(doc->table_count, 1);
	assert_int_equal(doc->tables[0].rows, 2);
	assert_at(&doc->tables[0], 2, 2, "d", 3, 5);
	grid_free(doc);
}

/* A CSV export as Excel writes it: one table, merged areas empty in place,
 * quoted fields holding commas, quotes and a line break, each cell at the
 * line and column of its first character. */
static void reads_csv_exports(void **state)
{
	(void)state;
	static const char csv[] = "项目名称,乡村道路养护补助,,\r\n"
	                          ",年度资金总额,\"1,086\",98%\r\n"
	                          "满意度指标,\"雨季积水，\n已增加\"\"排水沟\"\"清理\",10, 9.78 \r\n"
	                          "总分,,100,99.58\r\n";
	grid_doc *doc = grid_open_buffer(csv, strlen(csv), "自评表.csv", NULL);
	assert_int_equal(doc->kind, GRID_TEXT);
	assert_int_equal(doc->problem_count, 0);
	assert_int_equal(doc->table_count, 1);
	const grid_table *t = &doc->tables[0];
	assert_int_equal(t->rows, 4); /* the record over two lines is one row */
	assert_int_equal(t->cols, 4);
	assert_at(t, 1, 2, "乡村道路养护补助", 1, 6);
	assert_at(t, 1, 3, "", 1, 15);
	assert_at(t, 2, 1, "", 2, 1);
	assert_at(t, 2, 3, "1,086", 2, 10);
	assert_at(t, 3, 2, "雨季积水，\n已增加\"排水沟\"清理", 3, 8);
	assert_at(t, 3, 4, "9.78", 4, 19);
	assert_at(t, 4, 1, "总分", 5, 1);
	assert_int_equal(t->printed[3], 4);
	grid_free(doc);
	/* the same bytes named .txt are no CSV: lines, no table */
	doc = grid_open_buffer(csv, strlen(csv), "自评表.txt", NULL);
	assert_int_equal(doc->table_count, 0);
	grid_free(doc);
}

static void refuses_what_is_not_text(void **state)
{
	(void)state;
	grid_doc *doc = open_form("hostile-nul.txt");
	assert_int_equal(doc->kind, GRID_UNKNOWN);
	assert_non_null(find_problem(doc, "NUL bytes (the first on line 2)"));
	grid_free(doc);

	doc = open_form("hostile-bad-bytes.txt");
	assert_non_null(find_problem(doc, "neither UTF-8 nor GB18030"));
	assert_int_equal(doc->line_count, 0);
	grid_free(doc);

	doc = grid_open_buffer("\xff\xfe\x00", 3, "odd.txt", NULL);
	assert_non_null(find_problem(doc, "starts like UTF-16 text but is not"));
	grid_free(doc);
}

static void keeps_its_limits(void **state)
{
	(void)state;
	grid_limits lim = grid_limits_default;
	lim.max_lines = 100;
	grid_doc *doc = grid_open(SEED, &lim);
	assert_int_equal(doc->line_count, 100);
	assert_non_null(find_problem(doc, "more than 100 lines"));
	assert_int_equal(doc->table_count, 0); /* the table starts on line 103 */
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_table_cells = 30;
	doc = grid_open(SEED, &lim);
	const grid_problem *p = find_problem(doc, "a table of more than 30 cells");
	assert_non_null(p);
	assert_string_equal(p->where, "line 103");
	assert_int_equal(doc->table_count, 0);
	assert_int_equal(doc->line_count, 174); /* the lines are all kept */
	grid_free(doc);

	lim = grid_limits_default;
	lim.max_file_bytes = 1000;
	doc = grid_open(SEED, &lim);
	assert_non_null(find_problem(doc, "larger than the limit of 1000 bytes"));
	assert_int_equal(doc->kind, GRID_UNKNOWN);
	grid_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_the_seed_report),
		cmocka_unit_test(reads_every_encoding_alike),
		cmocka_unit_test(reads_markdown_pipe_tables),
		cmocka_unit_test(finds_tables_only_where_they_are),
		cmocka_unit_test(reads_csv_exports),
		cmocka_unit_test(refuses_what_is_not_text),
		cmocka_unit_test(keeps_its_limits),
	};
	return cmocka_run_group_tests(tests, forms_setup, forms_teardown);
}

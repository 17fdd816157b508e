/*
 * Unit tests for load_grid.c: A1 addresses, the label comparison, the
 * building functions the readers use (merges, limits, the problem cap),
 * positions as text, and choosing the reader by content and name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_fs.h"
#include "forms_fixture.h"
#include "load_grid.h"

#include <stdbool.h>
#include <utf8proc.h>

static void writes_a1_addresses(void **state)
{
	(void)state;
	char a1[GRID_A1_SIZE];
	grid_a1(1, 1, a1);
	assert_string_equal(a1, "A1");
	grid_a1(15, 7, a1);
	assert_string_equal(a1, "G15");
	grid_a1(3, 26, a1);
	assert_string_equal(a1, "Z3");
	grid_a1(3, 27, a1);
	assert_string_equal(a1, "AA3");
	grid_a1(1048576, 16384, a1);
	assert_string_equal(a1, "XFD1048576");
}

static void assert_label(const char *printed, const char *normal)
{
	char *got = grid_label_normalize(printed);
	if (strcmp(got, normal) != 0)
		fail_msg("\"%s\" normalizes to \"%s\", want \"%s\"", printed, got, normal);
	free(got);
	assert_true(grid_label_equal(printed, normal));
}

static void compares_labels_as_a_reader_sees_them(void **state)
{
	(void)state;
	assert_label("项 目 名 称：", "项目名称");
	assert_label("项目名称:", "项目名称");
	assert_label("项目名称::", "项目名称");
	assert_label("总\xE3\x80\x80分\n", "总分");      /* U+3000, a line break */
	assert_label("年度\n总体\n目标", "年度总体目标"); /* a vertical label */
	assert_label("（万元）", "(万元)");
	assert_label("（２０１９年度）", "(2019年度)");
	assert_label("ＡＢＣ１２３", "ABC123");
	assert_label("项\xE2\x80\x8B目", "项目"); /* zero-width space */
	assert_label("a:b", "a:b");               /* only trailing colons go */
	assert_label("\t 其中：当年财政拨款 ", "其中:当年财政拨款");
	assert_false(grid_label_equal("项目名称", "项目名"));
	assert_false(grid_label_equal("得分", "分值"));
	char *bytes = grid_label_normalize("\xff \xfe"); /* not UTF-8: the bytes, unspaced */
	assert_string_equal(bytes, "\xff\xfe");
	free(bytes);
}

/* What the general path makes of s: NFKC through utf8proc, white space
 * dropped, trailing colons dropped (the definition grid_label_normalize's
 * fast path for common characters must agree with). */
static char *reference_normalize(const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                          UTF8PROC_COMPAT | UTF8PROC_IGNORE);
	assert_true(n >= 0);
	char *out = malloc((size_t)n + 1);
	size_t k = 0;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(mapped + i, n - i, &cp);
		utf8proc_category_t cat = utf8proc_category(cp);
		bool space = (cp >= '\t' && cp <= '\r') || cp == 0x85 || cat == UTF8PROC_CATEGORY_ZS ||
		             cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
		if (!space) {
			memcpy(out + k, mapped + i, (size_t)len);
			k += (size_t)len;
		}
		i += len;
	}
	while (k > 0 && out[k - 1] == ':')
		k--;
	out[k] = '\0';
	free(mapped);
	return out;
}

/* Every character below U+10000 in "名<ch>称 ：": the labels' normal form is
 * the reference's, whichever path makes it. */
static void normalizes_every_character_as_nfkc_does(void **state)
{
	(void)state;
	for (int32_t cp = 0x20; cp < 0x10000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		utf8proc_uint8_t ch[8];
		utf8proc_ssize_t n = utf8proc_encode_char(cp, ch);
		char text[32];
		snprintf(text, sizeof text, "名%.*s称 ：", (int)n, (const char *)ch);
		char *got = grid_label_normalize(text), *want = reference_normalize(text);
		if (strcmp(got, want) != 0)
			fail_msg("U+%04X: \"%s\", want \"%s\"", (unsigned)cp, got, want);
		free(got);
		free(want);
	}
}

static void builds_grids_with_merges(void **state)
{
	(void)state;
	grid_doc *doc = grid_doc_new("t.docx", NULL);
	doc->kind = GRID_DOCX;
	grid_table *t = grid_add_table(doc, "table 1", 3, 4);
	assert_non_null(t);
	t->number = 1;
	assert_int_equal(t->rows, 3);
	const grid_cell *c = grid_cell_at(t, 2, 3);
	assert_string_equal(c->text, "");
	assert_int_equal(c->type, GRID_BLANK);
	assert_int_equal(c->row, 2);
	assert_int_equal(c->col, 3);
	assert_int_equal(c->row_span, 1);
	assert_null(grid_cell_at(t, 0, 1));
	assert_null(grid_cell_at(t, 4, 1));
	assert_null(grid_cell_at(t, 1, 5));
	assert_null(grid_value_at(t, 1, 5));

	t->cells[0].text = grid_intern(doc, "管理效率", strlen("管理效率"));
	assert_true(grid_merge(t, 1, 1, 3, 2));
	assert_false(grid_merge(t, 3, 2, 1, 2)); /* overlaps */
	assert_false(grid_merge(t, 1, 4, 4, 1)); /* leaves the grid */
	assert_false(grid_merge(t, 2, 3, 1, 1)); /* one cell is no merge */
	assert_true(grid_merge(t, 2, 3, 2, 2));
	assert_int_equal(grid_cell_at(t, 1, 1)->row_span, 3);
	assert_int_equal(grid_cell_at(t, 1, 1)->col_span, 2);
	assert_true(grid_is_covered(grid_cell_at(t, 3, 2)));
	assert_string_equal(grid_value_at(t, 3, 2)->text, "管理效率");
	assert_ptr_equal(grid_value_at(t, 3, 4), grid_cell_at(t, 2, 3));
	assert_false(grid_is_covered(grid_cell_at(t, 1, 3)));

	char pos[64];
	grid_cell_position(doc, t, grid_value_at(t, 3, 2), pos, sizeof pos);
	assert_string_equal(pos, "table 1, row 1, column 1");
	doc->kind = GRID_XLSX;
	t->name = "自评表";
	grid_cell_position(doc, t, grid_cell_at(t, 3, 4), pos, sizeof pos);
	assert_string_equal(pos, "自评表!D3");
	doc->kind = GRID_TEXT;
	t->cells[0].line = 12;
	t->cells[0].column = 3;
	grid_cell_position(doc, t, &t->cells[0], pos, sizeof pos);
	assert_string_equal(pos, "line 12, column 3");
	assert_true(grid_add_line(doc, "abc", 2, 7));
	assert_string_equal(doc->lines[0].text, "ab");
	grid_line_position(doc, &doc->lines[0], pos, sizeof pos);
	assert_string_equal(pos, "line 7");
	doc->kind = GRID_DOCX;
	grid_line_position(doc, &doc->lines[0], pos, sizeof pos);
	assert_string_equal(pos, "paragraph 7");
	grid_free(doc);
}

static void keeps_its_limits_and_caps_problems(void **state)
{
	(void)state;
	grid_limits lim = grid_limits_default;
	lim.max_tables = 2;
	lim.max_table_cells = 100;
	lim.max_doc_cells = 150;
	grid_doc *doc = grid_doc_new("t.xlsx", &lim);
	assert_null(grid_add_table(doc, "big", 11, 10));
	assert_non_null(find_problem(doc, "11 rows and 10 columns, more than the limit of 100"));
	assert_non_null(grid_add_table(doc, "a", 10, 10));
	assert_null(grid_add_table(doc, "b", 10, 10));
	assert_non_null(find_problem(doc, "more than the limit of 150 cells"));
	assert_non_null(grid_add_table(doc, "c", 5, 10));
	assert_null(grid_add_table(doc, "d", 1, 1));
	assert_null(grid_add_table(doc, "e", 1, 1));
	assert_non_null(find_problem(doc, "more than 2 tables"));
	size_t said = 0;
	for (size_t i = 0; i < doc->problem_count; i++)
		said += strstr(doc->problems[i].message, "more than 2 tables") != NULL;
	assert_int_equal(said, 1);
	assert_int_equal(doc->table_count, 2);
	grid_free(doc);

	doc = grid_doc_new("many.xlsx", NULL);
	for (int i = 0; i < 1000; i++)
		grid_add_problem(doc, GRID_WARNING, "Sheet1!A1", "problem %d", i);
	assert_int_equal(doc->problem_count, 201);
	assert_string_equal(doc->problems[199].message, "problem 199");
	assert_int_equal(doc->problems[200].level, GRID_NOTE);
	assert_non_null(strstr(doc->problems[200].message, "only the first 200 are listed"));
	char text[256];
	grid_problem_text(doc, &doc->problems[3], text, sizeof text);
	assert_string_equal(text, "many.xlsx: Sheet1!A1: problem 3");
	grid_problem_text(doc, &doc->problems[200], text, sizeof text);
	assert_memory_equal(text, "many.xlsx: more problems", 24);
	grid_free(doc);

	/* a problem quoting bytes cut inside a character stays UTF-8 */
	doc = grid_doc_new("x", NULL);
	grid_add_problem(doc, GRID_ERROR, "表\xE8", "名\xE5\x90 \xff");
	assert_string_equal(doc->problems[0].where, "表?");
	assert_string_equal(doc->problems[0].message, "名?? ?");
	grid_free(doc);
}

static void chooses_the_reader_by_content(void **state)
{
	(void)state;
	size_t size;
	char *xlsx = fs_read_file(form_path("national-langfang-2019.xlsx"), 0, 1u << 24, &size, NULL);
	assert_non_null(xlsx);
	grid_doc *doc = grid_open_buffer(xlsx, size, "named-wrong.txt", NULL);
	assert_int_equal(doc->kind, GRID_XLSX); /* the content decides */
	grid_free(doc);
	free(xlsx);

	doc = grid_open_buffer("项目名称\t1\n", strlen("项目名称\t1\n"), "form.xlsx", NULL);
	assert_int_equal(doc->kind, GRID_UNKNOWN); /* an .xlsx must be a zip archive */
	assert_non_null(find_problem(doc, "not a zip archive"));
	grid_free(doc);

	doc = grid_open_buffer("项目名称\t1\n", strlen("项目名称\t1\n"), "form.csv", NULL);
	assert_int_equal(doc->kind, GRID_TEXT); /* any other name: text */
	assert_int_equal(doc->table_count, 1);
	grid_free(doc);

	doc = grid_open_buffer("", 0, "empty.txt", NULL);
	assert_int_equal(doc->kind, GRID_UNKNOWN);
	assert_non_null(find_problem(doc, "the file is empty"));
	grid_free(doc);

	static const struct {
		const char *file, *message;
	} refused[] = {
		{ "hostile-report.pdf", "this is a PDF file" },
		{ "hostile-plain.zip", "neither an Excel workbook" },
		{ "hostile-opendocument.ods", "an OpenDocument file (.ods or .odt)" },
		{ "hostile-empty.xlsx", "the file is empty" },
		{ "hostile-old.xls", "Excel 97-2003 workbook" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		doc = open_form(refused[i].file);
		assert_int_equal(doc->kind, GRID_UNKNOWN);
		if (!find_problem(doc, refused[i].message))
			fail_msg("%s: no problem saying \"%s\"", refused[i].file, refused[i].message);
		assert_string_equal(doc->path, form_path(refused[i].file));
		grid_free(doc);
	}

	doc = grid_open("/no/such/form.xlsx", NULL);
	assert_non_null(find_problem(doc, "cannot read the file: No such file or directory"));
	grid_free(doc);
	doc = grid_open(forms_dir, NULL);
	assert_non_null(find_problem(doc, "not a regular file"));
	grid_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_a1_addresses),
		cmocka_unit_test(compares_labels_as_a_reader_sees_them),
		cmocka_unit_test(normalizes_every_character_as_nfkc_does),
		cmocka_unit_test(builds_grids_with_merges),
		cmocka_unit_test(keeps_its_limits_and_caps_problems),
		cmocka_unit_test(chooses_the_reader_by_content),
	};
	return cmocka_run_group_tests(tests, forms_setup, forms_teardown);
}

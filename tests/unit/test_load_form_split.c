/*
 * Unit tests for load_form_split.c: a text export printing two 自评表, each
 * form beginning at its title lines; a Word document with a form in each of
 * two tables (tests/forms/gen_forms.py), its paragraphs going with the
 * table after them; documents printing the anchor once, or not as a label,
 * left whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "forms_fixture.h"
#include "load_form_split.h"
#include "load_grid.h"

static const char two_forms[] = "说明文字\n"                                     /* 1 */
                                "项目支出绩效自评表\n"                           /* 2 */
                                "（2022年度）\n"                                 /* 3 */
                                "项目名称\t乡村道路养护补助\n"                   /* 4 */
                                "主管部门\t某县交通运输局\n"                     /* 5 */
                                "总分\t100\t99\n"                                /* 6 */
                                "\n"                                             /* 7 */
                                "项目支出绩效自评表\n"                           /* 8 */
                                "（2022年度）\n"                                 /* 9 */
                                "项目名称\t农村客运补贴\n"                       /* 10 */
                                "主管部门\t某县交通运输局\n"                     /* 11 */
                                "总分\t100\t98\n";                               /* 12 */

static grid_doc *text_doc(const char *text)
{
	grid_doc *doc = grid_open_buffer(text, strlen(text), "forms.txt", NULL);
	assert_non_null(doc);
	assert_int_equal(doc->kind, GRID_TEXT);
	return doc;
}

static void splits_a_text_at_each_title(void **state)
{
	(void)state;
	grid_doc *doc = text_doc(two_forms);
	assert_int_equal(doc->table_count, 2);
	form_segment *s;
	assert_int_equal(form_split(doc, "项目名称", &s), 2);
	assert_int_equal(s[0].first_line, 0);
	assert_int_equal(s[0].line_count, 7); /* lines 1-7: the blank line closes it */
	assert_int_equal(s[1].first_line, 7);  /* line 8: the title above 项目名称 */
	assert_int_equal(s[1].line_count, 5);
	grid_doc *second = form_segment_doc(doc, &s[1]);
	assert_int_equal(second->line_count, 5);
	assert_int_equal(second->lines[0].number, 8);
	assert_string_equal(second->lines[0].text, "项目支出绩效自评表");
	assert_int_equal(second->table_count, 1);
	const grid_cell *name = grid_cell_at(&second->tables[0], 1, 2);
	assert_string_equal(name->text, "农村客运补贴");
	assert_int_equal(name->line, 10); /* as in the file */
	grid_free(second);
	free(s);
	grid_free(doc);
}

/* Without a title between them, one blank line apart, two forms are one
 * tab table of the text: split by its rows. */
static void splits_a_table_holding_two_forms(void **state)
{
	(void)state;
	grid_doc *doc = text_doc("项目名称\t甲\n总分\t100\t99\n\n项目名称\t乙\n总分\t100\t98\n");
	assert_int_equal(doc->table_count, 1);
	form_segment *s;
	assert_int_equal(form_split(doc, "项目名称", &s), 2);
	assert_int_equal(s[1].first_line, 3);
	grid_doc *first = form_segment_doc(doc, &s[0]), *second = form_segment_doc(doc, &s[1]);
	assert_int_equal(first->tables[0].rows, 2);
	assert_int_equal(second->tables[0].rows, 2);
	assert_string_equal(grid_cell_at(&second->tables[0], 2, 3)->text, "98");
	grid_free(first);
	grid_free(second);
	free(s);
	grid_free(doc);
}

static void leaves_one_form_whole(void **state)
{
	(void)state;
	grid_doc *doc = text_doc("项目名称\t乡村道路养护补助\n项目名称称\tx\n本表的项目名称写全称\n总分\t100\n");
	form_segment *s = (form_segment *)1;
	assert_int_equal(form_split(doc, "项目名称", &s), 0);
	assert_null(s);
	assert_int_equal(form_split(doc, "", &s), 0);
	grid_free(doc);
	/* a label with a note in brackets, or a colon and its value, anchors */
	doc = text_doc("项目名称（全称）：甲\n\n项目名称:乙\n");
	assert_int_equal(form_split(doc, "项目名称", &s), 2);
	assert_int_equal(s[1].first_line, 2);
	free(s);
	grid_free(doc);
}

static void splits_a_word_document_by_tables(void **state)
{
	(void)state;
	grid_doc *doc = open_form("two-projects-2022.docx");
	assert_int_equal(doc->kind, GRID_DOCX);
	assert_int_equal(doc->table_count, 2);
	form_segment *s;
	assert_int_equal(form_split(doc, "项目名称", &s), 2);
	assert_int_equal(s[0].first_table, 0);
	assert_int_equal(s[0].table_count, 1);
	assert_int_equal(s[1].first_table, 1);
	assert_int_equal(s[1].table_count, 1);
	/* the note after the first table and the second title go with the
	 * second form */
	assert_int_equal(s[0].line_count, 2);
	assert_string_equal(doc->lines[s[1].first_line].text, "注：金额单位为万元。");
	assert_int_equal(s[1].line_count, 3);
	free(s);
	grid_free(doc);
	/* nested tables: not a run of forms */
	doc = open_form("nested-table.docx");
	assert_int_equal(form_split(doc, "外A", &s), 0);
	grid_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splits_a_text_at_each_title),
		cmocka_unit_test(splits_a_table_holding_two_forms),
		cmocka_unit_test(leaves_one_form_whole),
		cmocka_unit_test(splits_a_word_document_by_tables),
	};
	return cmocka_run_group_tests(tests, forms_setup, forms_teardown);
}

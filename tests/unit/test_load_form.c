/*
 * Unit tests for load_form.c: texts read through a layout of the test's own
 * (written to a temporary rule directory, so the bundled layouts can change
 * without these tests changing): captures of numbers with their unit, of
 * text up to the sentence's end, anchors, a year in full-width digits,
 * indicators named in a sentence, a field printed empty, what the source
 * map says of a line and a path, and a form no layout matches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lua.h>

#include "load_form.h"
#include "load_positions.h"
#include "load_yaml.h"
#include "rules_sandbox.h"
#include "run_result.h"

static char dir[64];
static layout_set layouts;

static const char layout[] =
	"name: 测试简报\n"
	"title: 测试用简报\n"
	"source: 单元测试\n"
	"kind: department\n"
	"currency: 万元\n"
	"requires: [测试简报]\n"
	"fields:\n"
	"  department: 主管部门\n"
	"patterns:\n"
	"  - \"^{unit}{year}年度测试简报\"\n"
	"  - \"全年预算数{budget.planned},执行数{budget.executed}\"\n"
	"  - \"等级为{scores.grade}\"\n"
	"  - \"{indicator}(满分{max}分,自评得分{score}分)\"\n"
	"  - \"{indicator}方面扣分原因为{reason}。改进措施:{fix}\"\n"
	"tables:\n"
	"  - into: scores\n"
	"    columns: {level1: 一级指标, level2: 二级指标, score: 得分, subtotal: 合计}\n"
	"    total: 总分\n";

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/pevcheck-layout.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/forms", dir);
	if (mkdir(path, 0700) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/forms/简报.yaml", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(layout, f);
	fclose(f);
	const char *dirs[] = { dir };
	char error[512];
	if (layout_set_load(&layouts, dirs, 1, error, sizeof error) != 0) {
		fprintf(stderr, "%s\n", error);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	layout_set_free(&layouts);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char report[] =
	"# 某某局２０２３年度测试简报\n"                                /* 1 */
	"主管部门：\n"                                                 /* 2 */
	"全年预算数 1,234.5 万元，执行数 1,000 万元。\n"                /* 3 */
	"自评 88 分，等级为“良”。其他。\n"                              /* 4 */
	"\n"                                                           /* 5 */
	"一级指标\t二级指标\t得分\t合计\n"                              /* 6 */
	"履职效能\t整体效能\t40\t40\n"                                  /* 7 */
	"管理效率\t资产管理\t9.5\t9.5\n"                                /* 8 */
	"总分\t49.5\n"                                                 /* 9 */
	"\n"                                                           /* 10 */
	"1.履职效能（满分50分，自评得分41分）\n"                        /* 11 */
	"（1）资产管理方面扣分原因为登记不及时。改进措施：加强管理。\n"; /* 12 */

static void read_report(form_report *r)
{
	size_t n = form_read_buffer(report, sizeof report - 1, "简报.txt", &layouts, NULL, r);
	if (n != 1)
		fail_msg("%zu documents; notes: %s", n, r->note_count ? r->notes[0].message : "-");
}

static void contains(const form_report *r, const char *text)
{
	if (!strstr(r->yaml, text))
		fail_msg("no \"%s\" in:\n%s", text, r->yaml);
}

static void captures(void **state)
{
	(void)state;
	form_report r;
	read_report(&r);
	contains(&r, "unit: \"某某局\"");
	contains(&r, "year: 2023"); /* full-width digits */
	contains(&r, "planned: \"1,234.5 万元\""); /* the unit with the amount */
	contains(&r, "executed: \"1,000 万元\"");
	contains(&r, "grade: \"良\""); /* quotation marks dropped, stops at 。 */
	contains(&r, "department: ~"); /* printed empty */
	contains(&r, "total: \"49.5\"");
	form_report_free(&r);
}

static void indicators_from_sentences(void **state)
{
	(void)state;
	form_report r;
	read_report(&r);
	/* "1.履职效能" is 履职效能: its full marks from the sentence, its score
	 * from the table, and a warning that the sentence says otherwise */
	contains(&r, "- name: \"履职效能\"");
	contains(&r, "max: \"50\"");
	contains(&r, "score: \"40\"");
	assert_int_equal(r.note_count, 1);
	assert_false(r.notes[0].error);
	assert_int_equal(r.notes[0].place.kind, PLACE_LINE);
	assert_int_equal(r.notes[0].place.line, 11);
	assert_non_null(strstr(r.notes[0].message, "41"));
	contains(&r, "reason: \"登记不及时\"");
	contains(&r, "fix: \"加强管理\"");
	form_report_free(&r);
}

static void source_map(void **state)
{
	(void)state;
	form_report r;
	read_report(&r);
	/* the line of the data file holding budget.planned points at line 3 */
	const form_place *p = form_place_of_path(&r, 1, "budget.planned");
	assert_non_null(p);
	assert_int_equal(p->kind, PLACE_LINE);
	assert_int_equal(p->line, 3);
	assert_int_equal(p->column, 7);
	int line = 1;
	for (const char *s = r.yaml; s < strstr(r.yaml, "planned:"); s++)
		line += *s == '\n';
	const form_place *q = form_place_of_line(&r, line);
	assert_non_null(q);
	assert_int_equal(q->line, 3);
	assert_null(form_place_of_line(&r, 1)); /* the header comment */
	assert_null(form_place_of_path(&r, 1, "budget.returned"));
	p = form_place_of_path(&r, 1, "scores.indicators[1].children[0].score");
	assert_non_null(p);
	assert_int_equal(p->line, 8);
	form_report_free(&r);
}

static void no_layout_matches(void **state)
{
	(void)state;
	static const char other[] = "一份别的文件\n";
	form_report r;
	assert_int_equal(form_read_buffer(other, sizeof other - 1, "x.txt", &layouts, NULL, &r), 0);
	assert_int_equal(r.note_count, 1);
	assert_true(r.notes[0].error);
	assert_non_null(strstr(r.notes[0].message, "测试简报"));
	form_report_free(&r);
}

/* Characters YAML refuses, or reads as line breaks, in a cell's text: the
 * data file escapes them, so it loads, and loads back to the same text. */
static void unusual_characters(void **state)
{
	(void)state;
	static const char odd[] = "某\xe2\x80\xa8某\xef\xbf\xbf局\xc2\x85";
	char text[1024];
	snprintf(text, sizeof text, "# %s２０２３年度测试简报\n全年预算数 10 万元，执行数 9 万元。\n", odd);
	form_report r;
	assert_int_equal(form_read_buffer(text, strlen(text), "简报.txt", &layouts, NULL, &r), 1);
	contains(&r, "unit: \"某\\L某\\uFFFF局\\x85\"");
	lua_State *L = sandbox_new(NULL);
	assert_non_null(L);
	pos_tree positions;
	pos_tree_init(&positions);
	yload ld;
	assert_int_equal(yload_open_buffer(&ld, r.yaml, r.length, NULL), 0);
	doc_result *d = result_new("x.yaml", 0);
	assert_int_equal(yload_next(&ld, L, &positions, d), 1);
	assert_int_equal(d->finding_count, 0);
	assert_int_equal(lua_getfield(L, -1, "unit"), LUA_TSTRING);
	assert_string_equal(lua_tostring(L, -1), odd);
	result_free(d);
	yload_close(&ld);
	pos_tree_free(&positions);
	sandbox_close(L);
	form_report_free(&r);
}

static void names(void **state)
{
	(void)state;
	assert_true(form_is_form_file("a/自评表.XLSX"));
	assert_true(form_is_form_file("报告.docx"));
	assert_true(form_is_form_file("报告.pdf")); /* refused with a note */
	assert_false(form_is_form_file("report.yaml"));
	assert_false(form_is_form_file("dir.xlsx/report"));
	form_report r;
	assert_int_equal(form_read("报告.pdf", &layouts, NULL, &r), 0);
	assert_int_equal(r.kind, GRID_UNKNOWN);
	assert_int_equal(r.note_count, 1);
	form_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(captures),
		cmocka_unit_test(indicators_from_sentences),
		cmocka_unit_test(source_map),
		cmocka_unit_test(no_layout_matches),
		cmocka_unit_test(names),
		cmocka_unit_test(unusual_characters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Unit tests for load_form_align.c: a table copied from a web page as
 * text, its rows short of the cells merged into them from above, each row
 * placed under its header; rows printed whole, and every row of a workbook,
 * left where they are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "load_form_align.h"
#include "load_grid.h"

static grid_doc *text_table(const char *text)
{
	grid_doc *doc = grid_open_buffer(text, strlen(text), "copied.txt", NULL);
	assert_non_null(doc);
	assert_int_equal(doc->table_count, 1);
	return doc;
}

/* The national 自评表's 绩效指标 part as a web page copies it: the caption
 * 年度绩效指标 printed in the header only, each 一级 and 二级 once. */
static const char targets[] =
	"年度绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
	"产出指标\t数量指标\t培训人次\t≥300人次\t320人次\t20\t20\t\n"
	"培训场次\t≥10场\t12场\t10\t10\t\n"
	"质量指标\t合格率\t≥95%\t97%\t20\t20\t\n"
	"效益指标\t社会效益指标\t知晓率\t≥90%\t85%\t30\t28.3\t部分乡镇农忙\n"
	"满意度指标\t服务对象满意度指标\t满意度\t≥90%\t93%\t10\t10\n"
	"总分\t100\t98.3\t\n";

static const align_kind target_kinds[] = { ALIGN_LABEL, ALIGN_LEVEL,  ALIGN_LEVEL,  ALIGN_LABEL, ALIGN_ANY,
	                                   ALIGN_ANY,   ALIGN_NUMBER, ALIGN_NUMBER, ALIGN_ANY };

static void places_rows_copied_from_a_web_page(void **state)
{
	(void)state;
	grid_doc *doc = text_table(targets);
	const grid_table *g = &doc->tables[0];
	uint32_t *shift = align_rows(g, 1, target_kinds, 9);
	assert_non_null(shift);
	assert_int_equal(shift[0], 0); /* the header */
	assert_int_equal(shift[1], 1); /* 一级 and 二级 printed: the caption merged */
	assert_int_equal(shift[2], 3); /* only the 三级指标 and its values */
	assert_int_equal(shift[3], 2); /* a new 二级 */
	assert_int_equal(shift[4], 1);
	assert_int_equal(shift[5], 1); /* the last cell left out: still one */
	assert_int_equal(shift[6], 5); /* 总分 beside 分值 and 得分 */
	free(shift);
	grid_free(doc);
}

/* A row printed whole, or short only of its trailing cells, stays. */
static void leaves_whole_rows_alone(void **state)
{
	(void)state;
	grid_doc *doc = text_table("一级指标\t二级指标\t得分\t合计\n"
	                           "\t预算执行\t4\t\n"
	                           "履职效能\t整体效能\t45.07\t45.07\n"
	                           "管理效率\t预算编制\t3\n");
	static const align_kind kinds[] = { ALIGN_LEVEL, ALIGN_LEVEL, ALIGN_NUMBER, ALIGN_NUMBER };
	assert_null(align_rows(&doc->tables[0], 1, kinds, 4));
	grid_free(doc);
}

/* The seed's score table as a web page would copy it: 预算执行 under 二级
 * (its 一级 and 合计 merged from the row above), 总分 beside its score. */
static void places_a_score_table(void **state)
{
	(void)state;
	grid_doc *doc = text_table("一级指标\t二级指标\t得分\t合计\n"
	                           "管理效率\t预算编制\t3\t49.50\n"
	                           "预算执行\t4\n"
	                           "总分\t94.57\n");
	static const align_kind kinds[] = { ALIGN_LEVEL, ALIGN_LEVEL, ALIGN_NUMBER, ALIGN_NUMBER };
	uint32_t *shift = align_rows(&doc->tables[0], 1, kinds, 4);
	assert_non_null(shift);
	assert_int_equal(shift[1], 0);
	assert_int_equal(shift[2], 1);
	assert_int_equal(shift[3], 1);
	free(shift);
	grid_free(doc);
}

/* Money rows without the caption merged down beside them: a percentage
 * belongs under 执行率, never under an amount. */
static void places_money_rows(void **state)
{
	(void)state;
	grid_doc *doc = text_table("项目资金(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
	                           "年度资金总额\t120\t125\t118.75\t10\t95%\t9.5\n"
	                           "其中:当年财政拨款\t120\t125\t118.75\t—\t95%\t—\n"
	                           "\t上年结转资金\t0\t0\t0\t—\t—\t—\n");
	static const align_kind kinds[] = { ALIGN_LABEL, ALIGN_LABEL, ALIGN_MONEY, ALIGN_MONEY,
		                            ALIGN_MONEY, ALIGN_NUMBER, ALIGN_RATE, ALIGN_NUMBER };
	uint32_t *shift = align_rows(&doc->tables[0], 1, kinds, 8);
	assert_non_null(shift);
	assert_int_equal(shift[1], 1);
	assert_int_equal(shift[2], 1);
	assert_int_equal(shift[3], 0);
	free(shift);
	grid_free(doc);
}

/* A sign belongs under 指标性质, a name never under a number. */
static void reads_what_cells_hold(void **state)
{
	(void)state;
	assert_string_equal(form_comparison(" ≥ "), "≥");
	assert_string_equal(form_comparison("＝"), "=");
	assert_null(form_comparison("定性"));
	assert_null(form_comparison("≥90%"));
	assert_true(form_not_applicable("——"));
	assert_true(form_not_applicable(" / "));
	assert_false(form_not_applicable("0"));
	grid_doc *doc = text_table("一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t权重\t得分\n"
	                           "产出指标\t数量指标\t人次\t≥\t300\t人次\t320\t50\t50\n"
	                           "时效指标\t完成率\t=\t100\t%\t100\t20\t20\n");
	static const align_kind kinds[] = { ALIGN_LEVEL, ALIGN_LEVEL,  ALIGN_LABEL, ALIGN_OPERATOR, ALIGN_ANY,
		                            ALIGN_ANY,   ALIGN_ANY,    ALIGN_NUMBER, ALIGN_NUMBER };
	uint32_t *shift = align_rows(&doc->tables[0], 1, kinds, 9);
	assert_non_null(shift);
	assert_int_equal(shift[1], 0);
	assert_int_equal(shift[2], 1);
	free(shift);
	grid_free(doc);
}

/* Only text exports are aligned, and only tables the size of a form. */
static void keeps_to_text_forms(void **state)
{
	(void)state;
	grid_doc *doc = text_table(targets);
	grid_table copy = doc->tables[0];
	copy.printed = NULL; /* as a workbook's sheet */
	assert_null(align_rows(&copy, 1, target_kinds, 9));
	assert_null(align_rows(&doc->tables[0], 1, target_kinds, ALIGN_MAX_COLUMNS + 1));
	assert_null(align_rows(&doc->tables[0], 0, target_kinds, 9));
	assert_null(align_rows(&doc->tables[0], doc->tables[0].rows + 1, target_kinds, 9));
	grid_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(places_rows_copied_from_a_web_page),
		cmocka_unit_test(leaves_whole_rows_alone),
		cmocka_unit_test(places_a_score_table),
		cmocka_unit_test(places_money_rows),
		cmocka_unit_test(reads_what_cells_hold),
		cmocka_unit_test(keeps_to_text_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

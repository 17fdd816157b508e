/*
 * Unit tests for score.c: computed scores beside claimed ones on
 * hand-built results (SPEC §3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_decimal.h"
#include "base_i18n.h"
#include "run_result.h"
#include "score_compute.h"

typedef struct fixture {
	doc_result *r;
	score_effects e;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	f->r = result_new("test.yaml", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	result_free(f->r);
	score_effects_free(&f->e);
	free(f);
	return 0;
}

static decimal num(const char *text)
{
	decimal d = { 0, 0 };
	if (!dec_parse(text, strlen(text), &d))
		fail_msg("dec_parse refused \"%s\"", text);
	return d;
}

static void assert_dec(decimal d, const char *expected)
{
	char buf[DEC_BUFSIZE];
	dec_format_trim(d, buf);
	if (strcmp(buf, expected) != 0)
		fail_msg("%s, expected %s", buf, expected);
}

/* Append an indicator the way the report model does (pre-order); max and
 * claimed are NULL when the report leaves them out.  Its data path and
 * line are made up from its position. */
static indicator_score *add(doc_result *r, const char *path, int depth, const char *max,
                            const char *claimed)
{
	indicator_score *grown = realloc(r->indicators, (r->indicator_count + 1) * sizeof *grown);
	assert_non_null(grown);
	r->indicators = grown;
	indicator_score *s = &grown[r->indicator_count++];
	memset(s, 0, sizeof *s);
	s->path = xstrdup(path);
	const char *slash = strrchr(path, '/');
	s->name = xstrdup(slash ? slash + 1 : path);
	s->depth = depth;
	if (max) {
		s->has_max = true;
		s->max = num(max);
	}
	if (claimed) {
		s->has_claimed = true;
		s->claimed = num(claimed);
	}
	char data_path[64];
	snprintf(data_path, sizeof data_path, "scores.indicators[%zu].score", r->indicator_count - 1);
	s->data_path = xstrdup(data_path);
	s->line = 10 + (int)r->indicator_count;
	return s;
}

/* A deduction the report claims. */
static void claim_deduction(indicator_score *s, const char *points, const char *reason)
{
	deduction *grown = realloc(s->claimed_deductions,
	                           (s->claimed_deduction_count + 1) * sizeof *grown);
	assert_non_null(grown);
	s->claimed_deductions = grown;
	deduction *d = &grown[s->claimed_deduction_count++];
	memset(d, 0, sizeof *d);
	if (points) {
		d->has_points = true;
		d->points = num(points);
	}
	d->reason = xstrdup(reason);
}

static void deduct(score_effects *e, const char *indicator, const char *rule, const char *points,
                   const char *reason)
{
	assert_int_equal(score_add_effect(e, indicator, rule, reason, num(points), false), 0);
}

static void formula(score_effects *e, const char *indicator, const char *rule, const char *value,
                    const char *note)
{
	assert_int_equal(score_add_effect(e, indicator, rule, note, num(value), true), 0);
}

static const indicator_score *indicator(const doc_result *r, const char *path)
{
	for (size_t i = 0; i < r->indicator_count; i++)
		if (strcmp(r->indicators[i].path, path) == 0)
			return &r->indicators[i];
	fail_msg("no indicator %s", path);
	return NULL;
}

static void assert_status(const indicator_score *s, enum indicator_status status,
                          const char *computed)
{
	if (s->status != status)
		fail_msg("%s is %s, expected %s", s->path, indicator_status_name(s->status),
		         indicator_status_name(status));
	if (computed == NULL) {
		assert_false(s->has_computed);
		return;
	}
	if (!s->has_computed)
		fail_msg("%s has no computed score, expected %s", s->path, computed);
	assert_dec(s->computed, computed);
}

static size_t count_rule(const doc_result *r, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < r->finding_count; i++)
		n += strcmp(r->findings[i].rule, rule) == 0;
	return n;
}

static void test_covered_leaf_is_max_less_deductions(void **state)
{
	fixture *f = *state;
	add(f->r, "资产管理", 0, "10", "9.5");
	deduct(&f->e, "资产管理", "std.asset", "0.5", "资产变动登记不及时");
	score_compute(f->r, &f->e, &grade_bands_default);
	const indicator_score *s = indicator(f->r, "资产管理");
	assert_status(s, IND_OK, "9.5");
	assert_int_equal(s->deduction_count, 1);
	assert_string_equal(s->deductions[0].rule, "std.asset");
	assert_true(s->deductions[0].has_points);
	assert_dec(s->deductions[0].points, "0.5");
	assert_string_equal(s->deductions[0].reason, "资产变动登记不及时");
	assert_null(s->formula);
	assert_int_equal(f->r->finding_count, 0);
}

static void test_deductions_add_exactly(void **state)
{
	fixture *f = *state;
	add(f->r, "a", 0, "10", "9.4");
	deduct(&f->e, "a", "r1", "0.1", "x");
	deduct(&f->e, "a", "r2", "0.2", "y");
	deduct(&f->e, "a", "r3", "0.3", "z");
	score_compute(f->r, &f->e, &grade_bands_default);
	/* 10 - (0.1 + 0.2 + 0.3) is 9.4 exactly, not 9.399999 */
	assert_status(indicator(f->r, "a"), IND_OK, "9.4");
	assert_int_equal(indicator(f->r, "a")->deduction_count, 3);
	assert_int_equal(f->r->finding_count, 0);
}

static void test_covered_without_deductions_is_max(void **state)
{
	fixture *f = *state;
	add(f->r, "预算编制", 0, "3", "3");
	assert_int_equal(score_add_covered(&f->e, "预算编制"), 0);
	score_compute(f->r, &f->e, &grade_bands_default);
	const indicator_score *s = indicator(f->r, "预算编制");
	assert_status(s, IND_OK, "3");
	assert_int_equal(s->deduction_count, 0);
	assert_null(s->deductions);
}

static void test_formula_score(void **state)
{
	fixture *f = *state;
	add(f->r, "预算执行率", 0, "4", "3.99");
	add(f->r, "带扣分", 0, "4", "3.5");
	formula(&f->e, "预算执行率", "std.rate", "3.9967", "预算执行率 99.918% × 4 分");
	formula(&f->e, "带扣分", "std.rate", "4", "满分");
	deduct(&f->e, "带扣分", "std.other", "0.5", "未说明");
	score_compute(f->r, &f->e, &grade_bands_default);
	const indicator_score *s = indicator(f->r, "预算执行率");
	assert_status(s, IND_MISMATCH, "3.9967");
	assert_string_equal(s->formula, "预算执行率 99.918% × 4 分");
	assert_int_equal(s->deduction_count, 0);
	/* a formula score less rule deductions */
	s = indicator(f->r, "带扣分");
	assert_status(s, IND_OK, "3.5");
	assert_string_equal(s->formula, "满分");
	assert_int_equal(s->deduction_count, 1);
	assert_int_equal(count_rule(f->r, RULE_SCORE), 1);
	assert_non_null(strstr(f->r->findings[0].message, "计分公式：预算执行率 99.918% × 4 分"));
}

static void test_formula_without_max(void **state)
{
	fixture *f = *state;
	add(f->r, "a", 0, NULL, "2.5");
	formula(&f->e, "a", "std.f", "2.5", "公式");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "a"), IND_OK, "2.5");
}

static void test_clamp_at_zero(void **state)
{
	fixture *f = *state;
	add(f->r, "a", 0, "2", "0");
	add(f->r, "b", 0, "1", "0");
	deduct(&f->e, "a", "r1", "1.5", "x");
	deduct(&f->e, "a", "r2", "1", "y");
	formula(&f->e, "b", "r3", "0.5", "z");
	deduct(&f->e, "b", "r4", "2", "w");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "a"), IND_OK, "0");
	assert_false(dec_is_neg(indicator(f->r, "a")->computed));
	assert_status(indicator(f->r, "b"), IND_OK, "0");
	assert_int_equal(f->r->finding_count, 0);
}

static void test_uncovered_leaf_carries_claimed(void **state)
{
	fixture *f = *state;
	add(f->r, "未覆盖", 0, "10", "7.25");
	add(f->r, "未填", 0, "10", NULL);
	/* an effect on another indicator covers only that one */
	add(f->r, "其他", 0, "5", "5");
	score_add_covered(&f->e, "其他");
	score_compute(f->r, &f->e, &grade_bands_default);
	const indicator_score *s = indicator(f->r, "未覆盖");
	assert_status(s, IND_UNVERIFIED, "7.25");
	assert_true(s->has_claimed);
	assert_int_equal(s->deduction_count, 0);
	assert_status(indicator(f->r, "未填"), IND_UNVERIFIED, NULL);
	assert_status(indicator(f->r, "其他"), IND_OK, "5");
	/* unverified is not a mismatch */
	assert_int_equal(f->r->finding_count, 0);
	/* one top-level indicator has no score: no computed total */
	assert_false(f->r->has_total_computed);
	assert_null(f->r->grade_computed);
}

static void test_covered_leaf_without_max_stays_unverified(void **state)
{
	fixture *f = *state;
	add(f->r, "a", 0, NULL, "3");
	deduct(&f->e, "a", "r", "1", "x");
	score_compute(f->r, &f->e, &grade_bands_default);
	/* nothing to deduct from: the claim is carried */
	assert_status(indicator(f->r, "a"), IND_UNVERIFIED, "3");
	assert_int_equal(f->r->finding_count, 0);
}

static void test_parent_sums_children(void **state)
{
	fixture *f = *state;
	add(f->r, "管理效率", 0, "50", "16.5");
	add(f->r, "管理效率/预算编制", 1, "3", "3");
	add(f->r, "管理效率/资产管理", 1, "10", "9.5");
	add(f->r, "管理效率/运行成本", 1, "4", "4");
	score_add_covered(&f->e, "管理效率/预算编制");
	deduct(&f->e, "管理效率/资产管理", "std.asset", "0.5", "登记不及时");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "管理效率/预算编制"), IND_OK, "3");
	assert_status(indicator(f->r, "管理效率/资产管理"), IND_OK, "9.5");
	/* the unverified child counts with its claimed score */
	assert_status(indicator(f->r, "管理效率/运行成本"), IND_UNVERIFIED, "4");
	assert_status(indicator(f->r, "管理效率"), IND_OK, "16.5");
	assert_int_equal(f->r->finding_count, 0);
	assert_true(f->r->has_total_computed);
	assert_dec(f->r->total_computed, "16.5");
	assert_dec(f->r->total_max, "50");
}

/* A target scored under indicator, with its 分值 (NULL: not printed). */
static void add_target(doc_result *r, const char *indicator, const char *points)
{
	target_summary *grown = realloc(r->targets, (r->target_count + 1) * sizeof *grown);
	assert_non_null(grown);
	r->targets = grown;
	target_summary *t = &grown[r->target_count++];
	memset(t, 0, sizeof *t);
	t->name = xstrdup("t");
	t->indicator = xstrdup(indicator);
	if (points) {
		t->has_points = true;
		t->points = num(points);
	}
}

static void test_max_from_targets_and_children(void **state)
{
	fixture *f = *state;
	/* the 自评表 prints 分值 beside each 三级指标 only */
	add(f->r, "预算执行率", 0, "10", "8.62");
	add(f->r, "产出指标", 0, NULL, NULL);
	add(f->r, "产出指标/数量指标", 1, NULL, NULL);
	add(f->r, "产出指标/质量指标", 1, NULL, NULL);
	add(f->r, "效益指标", 0, NULL, NULL);
	add(f->r, "效益指标/社会效益指标", 1, NULL, NULL);
	add(f->r, "效益指标/生态效益指标", 1, "5", NULL); /* printed: kept */
	add(f->r, "满意度指标", 0, NULL, NULL);
	add(f->r, "满意度指标/服务对象满意度指标", 1, NULL, NULL);
	add_target(f->r, "产出指标/数量指标", "10");
	add_target(f->r, "产出指标/数量指标", "15.5");
	add_target(f->r, "产出指标/质量指标", "20");
	add_target(f->r, "效益指标/社会效益指标", "30");
	add_target(f->r, "效益指标/生态效益指标", "3");
	add_target(f->r, "满意度指标/服务对象满意度指标", NULL); /* 分值 not printed */
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_dec(indicator(f->r, "产出指标/数量指标")->max, "25.5");
	assert_dec(indicator(f->r, "产出指标")->max, "45.5");
	assert_dec(indicator(f->r, "效益指标/生态效益指标")->max, "5");
	assert_dec(indicator(f->r, "效益指标")->max, "35");
	assert_false(indicator(f->r, "满意度指标/服务对象满意度指标")->has_max);
	assert_false(indicator(f->r, "满意度指标")->has_max);
	/* the total's full marks: those known */
	assert_dec(f->r->total_max, "90.5");
}

static void test_parent_sums_only_direct_children(void **state)
{
	fixture *f = *state;
	add(f->r, "A", 0, "20", "18");
	add(f->r, "A/B", 1, "10", "8");
	add(f->r, "A/B/x", 2, "5", "4");
	add(f->r, "A/B/y", 2, "5", "4");
	add(f->r, "A/C", 1, "10", "10");
	deduct(&f->e, "A/B/x", "r", "1", "x");
	deduct(&f->e, "A/B/y", "r", "1", "y");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "A/B/x"), IND_OK, "4");
	assert_status(indicator(f->r, "A/B"), IND_OK, "8");
	assert_status(indicator(f->r, "A/C"), IND_UNVERIFIED, "10");
	/* 8 + 10, not 8 + 4 + 4 + 10 */
	assert_status(indicator(f->r, "A"), IND_OK, "18");
}

static void test_parent_unverified_when_no_child_is(void **state)
{
	fixture *f = *state;
	/* the children do not add up to the parent's claim, but nothing is
	 * verified: the claims are carried as they are */
	add(f->r, "管理效率", 0, "50", "49.5");
	add(f->r, "管理效率/预算编制", 1, "3", "3");
	add(f->r, "管理效率/资产管理", 1, "10", "9.5");
	add(f->r, "履职效能", 0, "50", "45.07");
	score_add_covered(&f->e, "履职效能");
	deduct(&f->e, "履职效能", "r", "4.93", "未达标");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "管理效率"), IND_UNVERIFIED, "49.5");
	assert_status(indicator(f->r, "管理效率/预算编制"), IND_UNVERIFIED, "3");
	assert_status(indicator(f->r, "履职效能"), IND_OK, "45.07");
	assert_int_equal(f->r->finding_count, 0);
	assert_true(f->r->has_total_computed);
	assert_dec(f->r->total_computed, "94.57");
	assert_string_equal(f->r->grade_computed, "优");
}

static void test_parent_with_child_without_score(void **state)
{
	fixture *f = *state;
	add(f->r, "P", 0, "10", "8");
	add(f->r, "P/a", 1, "5", "5");
	add(f->r, "P/b", 1, "5", NULL);
	score_add_covered(&f->e, "P/a");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "P/a"), IND_OK, "5");
	assert_status(indicator(f->r, "P/b"), IND_UNVERIFIED, NULL);
	/* the sum is unknown: the parent carries its claim */
	assert_status(indicator(f->r, "P"), IND_UNVERIFIED, "8");
}

static void test_parent_deductions_and_formula(void **state)
{
	fixture *f = *state;
	add(f->r, "P", 0, "10", "7");
	add(f->r, "P/a", 1, "5", "4");
	add(f->r, "P/b", 1, "5", "4");
	add(f->r, "Q", 0, "10", "6");
	add(f->r, "Q/a", 1, "10", "10");
	deduct(&f->e, "P/a", "r", "1", "x");
	deduct(&f->e, "P", "r", "1", "整体扣分");
	formula(&f->e, "Q", "f", "6", "按公式");
	score_compute(f->r, &f->e, &grade_bands_default);
	/* 4 + 4 (b unverified), less 1 on the parent itself */
	assert_status(indicator(f->r, "P"), IND_OK, "7");
	assert_int_equal(indicator(f->r, "P")->deduction_count, 1);
	/* a formula on a parent wins over the children's sum */
	assert_status(indicator(f->r, "Q"), IND_OK, "6");
	assert_status(indicator(f->r, "Q/a"), IND_UNVERIFIED, "10");
}

static void test_mismatch_finding(void **state)
{
	fixture *f = *state;
	add(f->r, "管理效率", 0, "50", "50");
	indicator_score *s = add(f->r, "管理效率/资产管理", 1, "10", "10");
	claim_deduction(s, NULL, "无扣分情形");
	add(f->r, "管理效率/预算编制", 1, "40", "40");
	deduct(&f->e, "管理效率/资产管理", "std.asset", "0.5", "资产变动登记不及时");
	deduct(&f->e, "管理效率/资产管理", "std.asset2", "0.25", "资产卡片不全");
	score_compute(f->r, &f->e, &grade_bands_default);
	const indicator_score *leaf = indicator(f->r, "管理效率/资产管理");
	assert_status(leaf, IND_MISMATCH, "9.25");
	/* the parent follows: 9.25 + 40 against 50 */
	assert_status(indicator(f->r, "管理效率"), IND_MISMATCH, "49.25");
	assert_int_equal(f->r->finding_count, 2);

	const finding *x = NULL;
	for (size_t i = 0; i < f->r->finding_count; i++)
		if (strcmp(f->r->findings[i].indicator, "管理效率/资产管理") == 0)
			x = &f->r->findings[i];
	assert_non_null(x);
	assert_string_equal(x->rule, RULE_SCORE);
	assert_int_equal(x->severity, SEV_ERROR);
	assert_string_equal(x->path, leaf->data_path);
	assert_int_equal(x->line, leaf->line);
	assert_true(x->has_points);
	assert_dec(x->points, "0.75"); /* claimed less computed */
	const char *m = x->message;
	if (!strstr(m, "指标“管理效率/资产管理”自评 10 分，按规则计算应为 9.25 分") ||
	    !strstr(m, "std.asset 扣 0.5 分（资产变动登记不及时）") ||
	    !strstr(m, "std.asset2 扣 0.25 分（资产卡片不全）") ||
	    !strstr(m, "报告所列扣分：无扣分情形"))
		fail_msg("message: %s", m);
}

static void test_mismatch_lists_claimed_points(void **state)
{
	fixture *f = *state;
	indicator_score *s = add(f->r, "资产管理", 0, "10", "9.5");
	claim_deduction(s, "0.5", "资产变动登记不够及时");
	deduct(&f->e, "资产管理", "std.asset", "1", "登记超过 30 天");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "资产管理"), IND_MISMATCH, "9");
	assert_int_equal(f->r->finding_count, 1);
	const char *m = f->r->findings[0].message;
	if (!strstr(m, "规则扣分：std.asset 扣 1 分（登记超过 30 天）") ||
	    !strstr(m, "报告所列扣分：扣 0.5 分：资产变动登记不够及时"))
		fail_msg("message: %s", m);
	assert_dec(f->r->findings[0].points, "0.5");
}

static void test_mismatch_when_covered_higher_than_claimed(void **state)
{
	fixture *f = *state;
	add(f->r, "a", 0, "10", "8");
	score_add_covered(&f->e, "a");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "a"), IND_MISMATCH, "10");
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = &f->r->findings[0];
	assert_non_null(strstr(x->message, "指标“a”自评 8 分，按规则计算应为 10 分"));
	assert_non_null(strstr(x->message, "报告所列扣分：无"));
	assert_string_equal(x->indicator, "a");
	/* points are what the report failed to deduct: none here */
	assert_false(x->has_points);
}

/* SPEC §5: an indicator whose score the table does not print has its score
 * computed; only printed numbers can be a mismatch. */
static void test_covered_without_claim(void **state)
{
	fixture *f = *state;
	add(f->r, "a", 0, "10", NULL);
	deduct(&f->e, "a", "r", "1", "x");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "a"), IND_OK, "9");
	for (size_t i = 0; i < f->r->finding_count; i++)
		assert_string_not_equal(f->r->findings[i].rule, RULE_SCORE);
}

static void test_equal_value_other_scale_is_ok(void **state)
{
	fixture *f = *state;
	add(f->r, "a", 0, "10.00", "9.50");
	deduct(&f->e, "a", "r", "0.5", "x");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_status(indicator(f->r, "a"), IND_OK, "9.5");
	/* shown without trailing zeros */
	assert_int_equal(indicator(f->r, "a")->computed.scale, 1);
}

/* Build the same report in a fresh result, apply effects added in the
 * given order, and describe everything computed as one string. */
static void run_in_order(const int *order, size_t n, char *out, size_t size)
{
	doc_result *r = result_new("x.yaml", 0);
	add(r, "管理效率", 0, "50", "49.5");
	indicator_score *s = add(r, "管理效率/资产管理", 1, "10", "9.5");
	claim_deduction(s, "0.5", "登记不及时");
	add(r, "管理效率/预算执行", 1, "40", "40");
	add(r, "履职效能", 0, "50", "45.07");
	score_effects e = { 0 };
	for (size_t i = 0; i < n; i++) {
		switch (order[i]) {
		case 0: deduct(&e, "管理效率/资产管理", "std.b", "0.5", "登记不及时"); break;
		case 1: deduct(&e, "管理效率/资产管理", "std.a", "0.25", "卡片不全"); break;
		case 2: deduct(&e, "管理效率/资产管理", "std.a", "0.1", "标签缺失"); break;
		case 3: formula(&e, "管理效率/预算执行", "std.rate", "39.97", "执行率 99.918%"); break;
		case 4: formula(&e, "管理效率/预算执行", "std.rate2", "39.9", "另一公式"); break;
		case 5: score_add_covered(&e, "履职效能"); break;
		case 6: deduct(&e, "履职效能", "std.c", "4.93", "未达标"); break;
		}
	}
	score_compute(r, &e, &grade_bands_default);
	result_sort(r);
	size_t used = 0;
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *x = &r->indicators[i];
		char computed[DEC_BUFSIZE] = "-";
		if (x->has_computed)
			dec_format(x->computed, computed);
		used += (size_t)snprintf(out + used, size - used, "%s=%s %s formula=%s;", x->path,
		                         computed, indicator_status_name(x->status),
		                         x->formula ? x->formula : "-");
		for (size_t j = 0; j < x->deduction_count; j++) {
			char points[DEC_BUFSIZE];
			dec_format(x->deductions[j].points, points);
			used += (size_t)snprintf(out + used, size - used, " %s:%s:%s", x->deductions[j].rule,
			                         points, x->deductions[j].reason);
		}
		used += (size_t)snprintf(out + used, size - used, "\n");
	}
	for (size_t i = 0; i < r->finding_count; i++)
		used += (size_t)snprintf(out + used, size - used, "finding %s %s\n", r->findings[i].rule,
		                         r->findings[i].message);
	char total[DEC_BUFSIZE] = "-";
	if (r->has_total_computed)
		dec_format(r->total_computed, total);
	snprintf(out + used, size - used, "total=%s grade=%s\n", total,
	         r->grade_computed ? r->grade_computed : "-");
	score_effects_free(&e);
	result_free(r);
}

static void test_order_of_effects_does_not_matter(void **state)
{
	(void)state;
	static const int forward[] = { 0, 1, 2, 3, 4, 5, 6 };
	static const int backward[] = { 6, 5, 4, 3, 2, 1, 0 };
	static const int shuffled[] = { 4, 2, 6, 0, 5, 3, 1 };
	char a[8192], b[8192], c[8192];
	run_in_order(forward, 7, a, sizeof a);
	run_in_order(backward, 7, b, sizeof b);
	run_in_order(shuffled, 7, c, sizeof c);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	/* and the result is the one expected: deductions sorted by rule, then
	 * points; the first formula by rule id wins */
	if (!strstr(a, "管理效率/资产管理=9.15 mismatch formula=-; std.a:0.1:标签缺失 "
	               "std.a:0.25:卡片不全 std.b:0.5:登记不及时\n") ||
	    !strstr(a, "管理效率/预算执行=39.97 mismatch formula=执行率 99.918%;\n") ||
	    !strstr(a, "管理效率=49.12 mismatch") || !strstr(a, "履职效能=45.07 ok") ||
	    !strstr(a, "total=94.19 grade=优\n"))
		fail_msg("unexpected result:\n%s", a);
}

static void test_total_and_grade(void **state)
{
	fixture *f = *state;
	add(f->r, "履职效能", 0, "50", "45.07");
	add(f->r, "管理效率", 0, "50", "49.5");
	score_add_covered(&f->e, "管理效率");
	deduct(&f->e, "履职效能", "r", "4.93", "x");
	deduct(&f->e, "管理效率", "r", "0.5", "y");
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_true(f->r->has_total_computed);
	assert_dec(f->r->total_computed, "94.57");
	assert_dec(f->r->total_max, "100");
	assert_string_equal(f->r->grade_computed, "优");
	assert_int_equal(f->r->finding_count, 0);
}

/* One top-level leaf claiming `claimed`, carried unverified. */
static void grade_of_claim(const char *claimed, const grade_bands *bands, const char *expected)
{
	doc_result *r = result_new("x.yaml", 0);
	add(r, "a", 0, "100", claimed);
	score_effects e = { 0 };
	score_compute(r, &e, bands);
	assert_true(r->has_total_computed);
	assert_dec(r->total_computed, claimed);
	if (expected == NULL) {
		if (r->grade_computed)
			fail_msg("%s earns %s, expected none", claimed, r->grade_computed);
	} else {
		if (r->grade_computed == NULL || strcmp(r->grade_computed, expected) != 0)
			fail_msg("%s earns %s, expected %s", claimed,
			         r->grade_computed ? r->grade_computed : "(none)", expected);
	}
	result_free(r);
	score_effects_free(&e);
}

static void test_grades_default(void **state)
{
	(void)state;
	grade_of_claim("94.57", &grade_bands_default, "优");
	grade_of_claim("89.99", &grade_bands_default, "良");
	grade_of_claim("59.9", &grade_bands_default, "差");
	grade_of_claim("60", &grade_bands_default, "中");
	grade_of_claim("90", &grade_bands_default, "优");
}

static void test_grades_custom_bands(void **state)
{
	(void)state;
	grade_bands bands = { .count = 3 };
	snprintf(bands.band[0].name, sizeof bands.band[0].name, "A");
	bands.band[0].min = num("85.5");
	snprintf(bands.band[1].name, sizeof bands.band[1].name, "B");
	bands.band[1].min = num("70");
	snprintf(bands.band[2].name, sizeof bands.band[2].name, "C");
	bands.band[2].min = num("50");
	grade_of_claim("94.57", &bands, "A");
	grade_of_claim("85.5", &bands, "A");
	grade_of_claim("85.49", &bands, "B");
	grade_of_claim("70", &bands, "B");
	grade_of_claim("50", &bands, "C");
	/* below every band: no grade */
	grade_of_claim("49.99", &bands, NULL);
}

static void test_grade_for_boundaries(void **state)
{
	(void)state;
	static const struct {
		const char *total, *grade;
	} cases[] = {
		{ "100", "优" }, { "90", "优" },    { "90.00", "优" }, { "89.999", "良" },
		{ "80", "良" },  { "79.99", "中" }, { "60", "中" },    { "59.99", "差" },
		{ "0", "差" },   { "-0.01", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *g = score_grade_for(&grade_bands_default, num(cases[i].total));
		if (cases[i].grade == NULL ? g != NULL : (g == NULL || strcmp(g, cases[i].grade) != 0))
			fail_msg("score_grade_for(%s) = %s, expected %s", cases[i].total, g ? g : "(none)",
			         cases[i].grade ? cases[i].grade : "(none)");
	}
	assert_int_equal(grade_bands_default.count, 4);
	grade_bands none = { .count = 0 };
	assert_null(score_grade_for(&none, num("95")));
}

static void test_no_indicators(void **state)
{
	fixture *f = *state;
	score_compute(f->r, &f->e, &grade_bands_default);
	assert_false(f->r->has_total_computed);
	assert_null(f->r->grade_computed);
	assert_dec(f->r->total_max, "0");
	assert_int_equal(f->r->finding_count, 0);
}

static void test_effects_bookkeeping(void **state)
{
	fixture *f = *state;
	score_effects *e = &f->e;
	for (int i = 0; i < 20; i++) {
		char path[16];
		snprintf(path, sizeof path, "p%d", i % 5);
		assert_int_equal(score_add_covered(e, path), 0);
		deduct(e, path, "r", "1", "x");
	}
	/* covered paths are kept once each; effects all */
	assert_int_equal(e->covered_count, 5);
	assert_int_equal(e->count, 20);
	assert_string_equal(e->items[7].indicator, "p2");
	assert_string_equal(e->items[7].rule, "r");
	assert_false(e->items[7].is_formula);
	score_effects_clear(e);
	assert_int_equal(e->count, 0);
	assert_int_equal(e->covered_count, 0);
	/* cleared, still usable */
	formula(e, "q", "f", "2", "note");
	assert_int_equal(e->count, 1);
	assert_true(e->items[0].is_formula);
	score_effects_free(e);
	assert_null(e->items);
	assert_int_equal(e->capacity, 0);
}

int main(void)
{
	/* The messages these tests expect are the Chinese ones (po/zh_CN.po). */
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	setenv("LANGUAGE", "zh_CN", 1);
	i18n_init();
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_covered_leaf_is_max_less_deductions),
		T(test_deductions_add_exactly),
		T(test_covered_without_deductions_is_max),
		T(test_formula_score),
		T(test_formula_without_max),
		T(test_clamp_at_zero),
		T(test_uncovered_leaf_carries_claimed),
		T(test_covered_leaf_without_max_stays_unverified),
		T(test_parent_sums_children),
		T(test_parent_sums_only_direct_children),
		T(test_max_from_targets_and_children),
		T(test_parent_unverified_when_no_child_is),
		T(test_parent_with_child_without_score),
		T(test_parent_deductions_and_formula),
		T(test_mismatch_finding),
		T(test_mismatch_lists_claimed_points),
		T(test_mismatch_when_covered_higher_than_claimed),
		T(test_covered_without_claim),
		T(test_equal_value_other_scale_is_ok),
		T(test_order_of_effects_does_not_matter),
		T(test_total_and_grade),
		T(test_grades_default),
		T(test_grades_custom_bands),
		T(test_grade_for_boundaries),
		T(test_no_indicators),
		T(test_effects_bookkeeping),
	};
#undef T
	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}

/*
 * Unit tests for run_cache_codec.c: a result with every field set to a
 * value of its own reads back as the same bytes (so no field is lost,
 * dropped or read into another); bytes cut short anywhere, or changed,
 * never read as a result that runs past them.
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
#include "run_cache_codec.h"
#include "score_framework.h"

static decimal dec(int64_t mant, int32_t scale)
{
	decimal d = { mant, scale };
	return d;
}

static void fill_deductions(deduction **d, size_t *n, const char *tag)
{
	*n = 2;
	*d = xcalloc(2, sizeof **d);
	for (size_t i = 0; i < 2; i++) {
		char s[64];
		snprintf(s, sizeof s, "%s-rule-%zu", tag, i);
		(*d)[i].rule = xstrdup(s);
		(*d)[i].has_points = i == 0;
		(*d)[i].points = dec(5 + (int64_t)i, 1);
		snprintf(s, sizeof s, "%s-reason-%zu", tag, i);
		(*d)[i].reason = xstrdup(s);
		(*d)[i].fix = i ? xstrdup("改进措施") : NULL;
	}
}

static void fill_finding(doc_result *r, int i)
{
	finding *f = result_add(r, i ? "dept.asset" : "pev.form", i ? SEV_WARNING : SEV_ERROR,
	                        i ? "资产变动登记不及时" : "表格", i ? "facts.asset_changes[0]" : NULL, 40 + i, 3 + i);
	finding_set_indicator(f, "管理效率/资产管理", i ? &(decimal){ 5, 1 } : NULL);
	f->source = xstrdup("rules/x.lua:12");
	f->cell = xstrdup("自评表!G15");
	f->table = 2;
	f->row = 3;
	f->col = 4;
	f->paragraph = 5;
	f->where = xstrdup("表 2 第 3 行");
	f->waived = i == 1;
	f->waiver_reason = xstrdup("已批准");
	f->waiver_approved_by = xstrdup("张三");
	f->waiver_expires = xstrdup("2099-12-31");
}

static void fill_indicator(indicator_score *s, int i)
{
	s->path = xstrdup(i ? "管理效率/资产管理" : "管理效率");
	s->name = xstrdup(i ? "资产管理" : "管理效率");
	s->depth = i;
	s->has_max = true;
	s->has_claimed = i == 0;
	s->has_computed = true;
	s->blank = i == 1;
	s->max = dec(10 + i, 0);
	s->claimed = dec(95, 1);
	s->computed = dec(9 + i, 0);
	s->status = i ? IND_BLANK : IND_MISMATCH;
	s->formula = i ? xstrdup("执行率 × 分值") : NULL;
	fill_deductions(&s->deductions, &s->deduction_count, "rule");
	fill_deductions(&s->claimed_deductions, &s->claimed_deduction_count, "claimed");
	fill_deductions(&s->unverified, &s->unverified_count, "unverified");
	s->data_path = xstrdup("scores.indicators[1].children[5].score");
	s->line = 77 + i;
}

static void fill_budget(budget_summary *b)
{
	b->present = true;
	strcpy(b->currency, "万元");
	for (int f = 0; f < BUDGET_FIELDS; f++) {
		b->has[f] = f % 2;
		b->blank[f] = f % 3 == 0;
		b->value[f] = dec(1000 + f, 2);
	}
	b->has_rate_computed = true;
	b->rate_computed = dec(9992, 2);
	b->rate_base = RATE_BASE_RECEIVED;
	b->rate_base_missing = true;
	b->line = 12;
}

static void fill_target(target_summary *t, int i)
{
	t->name = xstrdup("科技型中小企业入库数");
	t->indicator = i ? xstrdup("履职效能") : NULL;
	t->unit = xstrdup("家");
	t->target = xstrdup(">= 3000");
	t->actual = i ? xstrdup("3400") : NULL;
	t->actual_blank = i == 0;
	t->status = xstrdup("met");
	t->reason = i ? NULL : xstrdup("偏差原因");
	t->met = i - 1;
	t->has_points = true;
	t->has_score = i == 1;
	t->points = dec(5, 0);
	t->score = dec(45, 1);
	t->line = 90 + i;
	t->position = 1 + i;
	t->indicator_slot = i ? 3 : -1;
}

/* A result with every field set, to values no two fields share. */
static doc_result *full_result(void)
{
	doc_result *r = result_new("reports/某单位-2022.yaml", 2);
	r->kind = xstrdup("department");
	r->unit = xstrdup("广州市黄埔区科学技术局");
	r->project = xstrdup("某某专项经费");
	r->department = xstrdup("主管部门");
	r->framework = xstrdup("履职效能-管理效率");
	r->framework_chosen_by = "detected";
	r->framework_why = xstrdup("一级指标与框架相符");
	r->has_year = true;
	r->year = 2022;
	r->from_form = true;
	for (int i = 0; i < 2; i++)
		fill_finding(r, i);
	r->blank_count = 3;
	r->has_scores = true;
	r->total_blank = true;
	r->scores_line = 30;
	r->has_total_claimed = true;
	r->has_total_computed = true;
	r->total_max = dec(100, 0);
	r->total_claimed = dec(9457, 2);
	r->total_computed = dec(9407, 2);
	r->grade_claimed = xstrdup("优");
	r->grade_computed = xstrdup("良");
	r->indicator_count = 2;
	r->indicators = xcalloc(2, sizeof *r->indicators);
	for (int i = 0; i < 2; i++)
		fill_indicator(&r->indicators[i], i);
	fill_budget(&r->budget);
	r->target_count = 2;
	r->targets = xcalloc(2, sizeof *r->targets);
	for (int i = 0; i < 2; i++)
		fill_target(&r->targets[i], i);
	return r;
}

static void test_round_trip(void **state)
{
	(void)state;
	doc_result *r = full_result();
	codec_writer w = { 0 };
	codec_put_result(&w, r);
	codec_reader in = { .data = w.data, .length = w.length };
	doc_result *back = codec_get_result(&in);
	assert_non_null(back);
	assert_false(in.failed);
	assert_int_equal(in.at, w.length);
	/* the same bytes again: every field read back into its own place */
	codec_writer again = { 0 };
	codec_put_result(&again, back);
	assert_int_equal(again.length, w.length);
	assert_memory_equal(again.data, w.data, w.length);
	/* spot checks that the bytes are the result's */
	assert_string_equal(back->unit, "广州市黄埔区科学技术局");
	/* one of score_framework's names, as every result's is */
	assert_ptr_equal(back->framework_chosen_by, framework_chosen_by_name(FW_BY_DETECTED));
	assert_null(back->findings[0].path);
	assert_int_equal(back->indicators[1].status, IND_BLANK);
	assert_string_equal(back->indicators[0].unverified[1].reason, "unverified-reason-1");
	assert_int_equal(back->targets[0].met, -1);
	assert_int_equal(back->targets[1].position, 2);
	assert_int_equal(back->targets[0].indicator_slot, -1);
	assert_int_equal(back->targets[1].indicator_slot, 3);
	assert_string_equal(back->budget.currency, "万元");
	codec_writer_free(&again);
	codec_writer_free(&w);
	result_free(back);
	result_free(r);
}

static void test_empty_result(void **state)
{
	(void)state;
	doc_result *r = result_new("a.yaml", 0);
	codec_writer w = { 0 };
	codec_put_result(&w, r);
	codec_reader in = { .data = w.data, .length = w.length };
	doc_result *back = codec_get_result(&in);
	assert_non_null(back);
	assert_int_equal(back->finding_count, 0);
	assert_null(back->kind);
	assert_null(back->framework_chosen_by);
	result_free(back);
	codec_writer_free(&w);
	result_free(r);
}

/* Every prefix of the bytes is refused, never read past its end (ASan
 * and valgrind watch the reads). */
static void test_truncated(void **state)
{
	(void)state;
	doc_result *r = full_result();
	codec_writer w = { 0 };
	codec_put_result(&w, r);
	for (size_t n = 0; n < w.length; n++) {
		unsigned char *copy = xmalloc(n ? n : 1);
		memcpy(copy, w.data, n);
		codec_reader in = { .data = copy, .length = n };
		doc_result *back = codec_get_result(&in);
		if (back)
			fail_msg("a result read from %zu of %zu bytes", n, w.length);
		assert_true(in.failed);
		free(copy);
	}
	codec_writer_free(&w);
	result_free(r);
}

/* A byte changed anywhere gives a result or none, never a crash, an
 * enumeration out of range or a string with a NUL in it. */
static void test_changed_bytes(void **state)
{
	(void)state;
	doc_result *r = full_result();
	codec_writer w = { 0 };
	codec_put_result(&w, r);
	const unsigned char values[] = { 0x00, 0x01, 0x04, 0x7f, 0xff };
	for (size_t i = 0; i < w.length; i++) {
		for (size_t v = 0; v < sizeof values; v++) {
			unsigned char *copy = xmalloc(w.length);
			memcpy(copy, w.data, w.length);
			copy[i] = values[v];
			codec_reader in = { .data = copy, .length = w.length };
			doc_result *back = codec_get_result(&in);
			if (back) {
				assert_true(back->findings ? back->findings[0].severity <= SEV_NONE : true);
				for (size_t k = 0; k < back->indicator_count; k++)
					assert_true(back->indicators[k].status <= IND_BLANK);
				assert_true(back->budget.rate_base <= RATE_BASE_RECEIVED);
				result_free(back);
			}
			free(copy);
		}
	}
	codec_writer_free(&w);
	result_free(r);
}

static void test_strings_and_counts(void **state)
{
	(void)state;
	codec_writer w = { 0 };
	codec_put_string(&w, NULL);
	codec_put_string(&w, "");
	codec_put_string(&w, "数据");
	codec_put_u32(&w, 1000); /* a count far beyond what follows */
	codec_reader in = { .data = w.data, .length = w.length };
	assert_null(codec_get_string(&in));
	char *empty = codec_get_string(&in), *text = codec_get_string(&in);
	assert_string_equal(empty, "");
	assert_string_equal(text, "数据");
	assert_false(in.failed);
	assert_int_equal(codec_get_count(&in, 8), 0);
	assert_true(in.failed);
	free(empty);
	free(text);
	/* a string holding a NUL is not a C string */
	codec_writer z = { 0 };
	codec_put_u32(&z, 3);
	codec_put(&z, "a\0b", 3);
	codec_reader zin = { .data = z.data, .length = z.length };
	assert_null(codec_get_string(&zin));
	assert_true(zin.failed);
	codec_writer_free(&z);
	codec_writer_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty_result),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_changed_bytes),
		cmocka_unit_test(test_strings_and_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

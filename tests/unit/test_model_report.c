/*
 * Unit tests for report_model.c: the report format of SPEC §1 over small
 * YAML texts: required fields, numbers as printed, unknown keys, the
 * indicator tree, targets, and what is copied into the result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_i18n.h"
#include "rules_decimal.h"
#include "load_positions.h"
#include "model_report.h"
#include "run_result.h"
#include "load_yaml.h"

typedef struct fixture {
	lua_State *L;
	pos_tree pos;
	doc_result *r;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	f->L = luaL_newstate();
	if (f->L == NULL)
		return -1;
	luaL_requiref(f->L, "decimal", luaopen_decimal, 0);
	lua_pop(f->L, 1);
	pos_tree_init(&f->pos);
	f->r = result_new("test.yaml", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pos_tree_free(&f->pos);
	result_free(f->r);
	lua_close(f->L);
	free(f);
	return 0;
}

/* The fields every report needs, for tests about something else. */
#define HEADER "pev: 1\nkind: department\nunit: 测试单位\nyear: 2022\n"
#define BUDGET "budget:\n  planned: 100\n  executed: 90\n"

/* Load text (which must load without findings) and run the model on it;
 * the root becomes the global `doc`.  Returns report_model's status. */
static int model(fixture *f, const char *text)
{
	yload ld;
	assert_int_equal(yload_open_buffer(&ld, text, strlen(text), NULL), 0);
	assert_int_equal(yload_next(&ld, f->L, &f->pos, f->r), 1);
	yload_close(&ld);
	if (f->r->finding_count)
		fail_msg("the test text does not load: %s (line %d)", f->r->findings[0].message,
		         f->r->findings[0].line);
	lua_pushvalue(f->L, -1);
	lua_setglobal(f->L, "doc");
	int top = lua_gettop(f->L);
	int status = report_model(f->L, -1, &f->pos, f->r);
	assert_int_equal(lua_gettop(f->L), top); /* the stack is balanced */
	lua_pop(f->L, 1);
	return status;
}

static const char *describe(fixture *f, const char *expression)
{
	static char out[512];
	char chunk[512];
	snprintf(chunk, sizeof chunk, "return %s", expression);
	lua_State *L = f->L;
	if (luaL_loadstring(L, chunk) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
		fail_msg("%s: %s", expression, lua_tostring(L, -1));
	decimal d;
	if (lua_isnil(L, -1)) {
		snprintf(out, sizeof out, "nil");
	} else if (lua_isboolean(L, -1)) {
		snprintf(out, sizeof out, "%s", lua_toboolean(L, -1) ? "true" : "false");
	} else if (lua_isinteger(L, -1)) {
		snprintf(out, sizeof out, "int:%lld", (long long)lua_tointeger(L, -1));
	} else if (ldec_is(L, -1, &d)) {
		char buf[DEC_BUFSIZE];
		dec_format_trim(d, buf);
		snprintf(out, sizeof out, "dec:%s", buf);
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		snprintf(out, sizeof out, "str:%s", lua_tostring(L, -1));
	} else if (lua_istable(L, -1)) {
		snprintf(out, sizeof out, "table");
	} else {
		snprintf(out, sizeof out, "other");
	}
	lua_pop(L, 1);
	return out;
}

static void assert_value(fixture *f, const char *expression, const char *expected)
{
	const char *actual = describe(f, expression);
	if (strcmp(actual, expected) != 0)
		fail_msg("%s is %s, expected %s", expression, actual, expected);
}

static void assert_dec(decimal d, const char *expected)
{
	char buf[DEC_BUFSIZE];
	dec_format_trim(d, buf);
	assert_string_equal(buf, expected);
}

static void list_findings(const doc_result *r, char *all, size_t size)
{
	all[0] = '\0';
	for (size_t i = 0; i < r->finding_count; i++) {
		size_t used = strlen(all);
		snprintf(all + used, size - used, "  [%s] %s (%s, %d:%d)\n",
		         severity_name(r->findings[i].severity), r->findings[i].message,
		         r->findings[i].path ? r->findings[i].path : "-", r->findings[i].line,
		         r->findings[i].column);
	}
}

/* The finding whose message contains `text`; fails when there is none. */
static const finding *find(const doc_result *r, const char *text)
{
	for (size_t i = 0; i < r->finding_count; i++)
		if (strstr(r->findings[i].message, text))
			return &r->findings[i];
	char all[4096];
	list_findings(r, all, sizeof all);
	fail_msg("no finding contains \"%s\"; findings:\n%s", text, all);
	return NULL;
}

static void assert_no_finding(const doc_result *r, const char *text)
{
	for (size_t i = 0; i < r->finding_count; i++)
		if (strstr(r->findings[i].message, text))
			fail_msg("unexpected finding: %s", r->findings[i].message);
}

static void assert_no_findings(const doc_result *r)
{
	if (r->finding_count) {
		char all[4096];
		list_findings(r, all, sizeof all);
		fail_msg("%zu unexpected finding(s):\n%s", r->finding_count, all);
	}
}

/* A finding of the format check: rule, severity, path and place. */
static void assert_finding(const finding *x, enum severity severity, const char *path, int line,
                           int column)
{
	assert_string_equal(x->rule, RULE_FORMAT);
	assert_int_equal(x->severity, severity);
	if (path)
		assert_string_equal(x->path ? x->path : "(none)", path);
	assert_int_equal(x->line, line);
	if (column)
		assert_int_equal(x->column, column);
}

static void test_minimal_report(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET), 0);
	assert_no_findings(f->r);
	assert_string_equal(f->r->kind, "department");
	assert_string_equal(f->r->unit, "测试单位");
	assert_true(f->r->has_year);
	assert_int_equal(f->r->year, 2022);
	assert_null(f->r->project);
	assert_false(f->r->has_scores);
	assert_int_equal(f->r->indicator_count, 0);
	assert_int_equal(f->r->target_count, 0);
	/* pev and year become Lua integers */
	assert_value(f, "doc.pev", "int:1");
	assert_value(f, "doc.year", "int:2022");
	assert_value(f, "doc.budget.planned", "dec:100");
}

static void test_required_fields_missing(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "note: x\n"), 0);
	static const struct {
		const char *message, *path;
	} expected[] = {
		{ "缺少必填字段 pev（格式版本）", "pev" },
		{ "缺少必填字段 kind（报告类型）", "kind" },
		{ "缺少必填字段 unit（单位）", "unit" },
		{ "缺少必填字段 year（年度）", "year" },
		{ "缺少必填部分 budget（预算执行）", "budget" },
	};
	for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
		const finding *x = find(f->r, expected[i].message);
		/* about a field that is not there: located at the mapping holding it */
		assert_finding(x, SEV_ERROR, expected[i].path, 1, 1);
	}
	assert_null(f->r->kind);
	assert_null(f->r->unit);
	assert_false(f->r->has_year);
	assert_false(f->r->budget.present);
	/* project is required only for kind: project */
	assert_no_finding(f->r, "project");
}

/* The heading is not a form's table: a required field written empty is an
 * error like a missing one, not a blank cell (a report with an empty kind
 * would otherwise pass with no rule run). */
static void test_required_fields_empty(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "pev: ~\nkind: ~\nunit:\nyear: ~\n" BUDGET), 0);
	static const struct {
		const char *message, *path;
		int line;
	} expected[] = {
		{ "必填字段 pev（格式版本）为空", "pev", 1 },
		{ "必填字段 kind（报告类型）为空", "kind", 2 },
		{ "必填字段 unit（单位）为空", "unit", 3 },
		{ "必填字段 year（年度）为空", "year", 4 },
	};
	for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
		assert_finding(find(f->r, expected[i].message), SEV_ERROR, expected[i].path, expected[i].line, 1);
	assert_int_equal(f->r->finding_count, 4);
	assert_int_equal(f->r->blank_count, 0);
	assert_null(f->r->kind);
	assert_null(f->r->unit);
	assert_false(f->r->has_year);
	/* project when the kind is project */
	result_free(f->r);
	f->r = result_new("test.yaml", 0);
	assert_int_equal(model(f, "pev: 1\nkind: project\nunit: a\nyear: 2022\nproject: ~\n" BUDGET), 0);
	assert_finding(find(f->r, "必填字段 project（项目名称）为空"), SEV_ERROR, "project", 5, 1);
	assert_int_equal(f->r->blank_count, 0);
}

static void test_budget_required_amounts(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER "budget:\n  currency: 万元\n"), 0);
	const finding *x = find(f->r, "缺少必填字段 budget.planned（全年预算数）");
	assert_finding(x, SEV_ERROR, "budget.planned", 5, 1);
	x = find(f->r, "缺少必填字段 budget.executed（全年执行数）");
	assert_finding(x, SEV_ERROR, "budget.executed", 5, 1);
	assert_int_equal(f->r->finding_count, 2);
	assert_true(f->r->budget.present);
	assert_false(f->r->budget.has[BUDGET_PLANNED]);
	assert_false(f->r->budget.has_rate_computed);
}

static void test_empty_and_wrong_type_strings(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "pev: 1\nkind: department\nunit: ''\nyear: 2022\n" BUDGET), 0);
	const finding *x = find(f->r, "unit（单位）应当是非空文字");
	assert_finding(x, SEV_ERROR, "unit", 3, 1);
	assert_null(f->r->unit);
}

static void test_wrong_kind(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "pev: 1\nkind: projects\nunit: a\nyear: 2022\n" BUDGET), 0);
	const finding *x = find(f->r, "报告类型“projects”无效");
	assert_finding(x, SEV_ERROR, "kind", 2, 1);
	assert_int_equal(f->r->finding_count, 1);
	assert_null(f->r->kind);
}

static void test_project_kind_needs_project(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "pev: 1\nkind: project\nunit: a\nyear: 2022\n" BUDGET), 0);
	const finding *x = find(f->r, "缺少必填字段 project（项目名称）");
	assert_finding(x, SEV_ERROR, "project", 1, 1);
	assert_int_equal(f->r->finding_count, 1);
	assert_string_equal(f->r->kind, "project");
	assert_null(f->r->project);
}

static void test_project_kind_with_project(void **state)
{
	fixture *f = *state;
	assert_int_equal(
		model(f, "pev: 1\nkind: project\nunit: a\nyear: 2022\nproject: 某某专项经费\n" BUDGET), 0);
	assert_no_findings(f->r);
	assert_string_equal(f->r->project, "某某专项经费");
}

static void test_version_and_year(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "pev: 2\nkind: department\nunit: a\nyear: 1989\n" BUDGET), 0);
	const finding *x = find(f->r, "不支持的格式版本 pev: 2");
	assert_finding(x, SEV_ERROR, "pev", 1, 1);
	x = find(f->r, "年度 1989 不在 1990–2100 之间");
	assert_finding(x, SEV_ERROR, "year", 4, 1);
	assert_int_equal(f->r->finding_count, 2);
}

static void test_integers_refuse_other_values(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "pev: '1'\nkind: department\nunit: a\nyear: 2022.5\n" BUDGET), 0);
	const finding *x = find(f->r, "pev（格式版本）应当是整数");
	assert_finding(x, SEV_ERROR, "pev", 1, 1);
	x = find(f->r, "year（年度）应当是整数");
	assert_finding(x, SEV_ERROR, "year", 4, 1);
	assert_false(f->r->has_year);
}

static void test_not_a_mapping(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "- pev: 1\n- kind: department\n"), -1);
	const finding *x = find(f->r, "文档顶层应当是映射");
	assert_finding(x, SEV_ERROR, NULL, 1, 1);
	assert_null(x->path);
	assert_int_equal(f->r->finding_count, 1);
}

static void test_scalar_document(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, "\n\njust words\n"), -1);
	const finding *x = find(f->r, "文档顶层应当是映射");
	assert_int_equal(x->line, 3);
}

static void test_money_conversion(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER
	                       "budget:\n"
	                       "  currency: 万元\n"
	                       "  initial: 38.35亿元\n"
	                       "  planned: \"383,506.13\"\n"
	                       "  executed: 383,193.53 万元\n"
	                       "  carryover: 72890元\n"
	                       "  returned: ３１２．６\n"),
	                 0);
	assert_no_findings(f->r);
	assert_value(f, "doc.budget.initial", "dec:383500");
	assert_value(f, "doc.budget.planned", "dec:383506.13");
	assert_value(f, "doc.budget.executed", "dec:383193.53");
	assert_value(f, "doc.budget.carryover", "dec:7.289");
	assert_value(f, "doc.budget.returned", "dec:312.6");
	const budget_summary *b = &f->r->budget;
	assert_true(b->has[BUDGET_INITIAL]);
	assert_dec(b->value[BUDGET_INITIAL], "383500");
	assert_true(b->has[BUDGET_CARRYOVER]);
	assert_dec(b->value[BUDGET_CARRYOVER], "7.289");
	assert_true(b->has[BUDGET_RETURNED]);
	assert_dec(b->value[BUDGET_RETURNED], "312.6");
}

static void test_money_in_other_currency(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER
	                       "budget:\n"
	                       "  currency: 元\n"
	                       "  planned: 1.5万元\n"
	                       "  executed: 12000\n"),
	                 0);
	assert_no_findings(f->r);
	assert_value(f, "doc.budget.planned", "dec:15000");
	assert_value(f, "doc.budget.executed", "dec:12000");
	assert_dec(f->r->budget.value[BUDGET_PLANNED], "15000");
	assert_dec(f->r->budget.rate_computed, "80");
}

static void test_budget_summary_currency(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER "budget:\n  currency: 元\n  planned: 1.5万元\n  executed: 12000\n"),
	                 0);
	/* the summary names the currency the amounts are in */
	assert_string_equal(f->r->budget.currency, "元");
	assert_dec(f->r->budget.value[BUDGET_PLANNED], "15000");
	assert_value(f, "doc.budget.currency", "str:元");
}

static void test_budget_currency_default(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET), 0);
	assert_string_equal(f->r->budget.currency, "万元");
	/* rules read the currency even when the report does not write it */
	assert_value(f, "doc.budget.currency", "str:万元");
}

static void test_bad_currency(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER "budget:\n  currency: 美元\n  planned: 1\n  executed: 1\n"), 0);
	const finding *x = find(f->r, "budget.currency 应当是货币单位");
	assert_finding(x, SEV_ERROR, "budget.currency", 6, 3);
	/* the amounts stay in the default 万元 */
	assert_string_equal(f->r->budget.currency, "万元");
}

static void test_text_is_not_a_number(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER
	                       "budget:\n"
	                       "  planned: 100\n"
	                       "  executed: 超过3400家\n"
	                       "  carryover: 约5万元\n"
	                       "  initial: [1, 2]\n"
	                       "  returned: true\n"),
	                 0);
	const finding *x = find(f->r, "全年执行数应当是数字，这里是文字“超过3400家”");
	assert_finding(x, SEV_ERROR, "budget.executed", 7, 3);
	x = find(f->r, "年末结转和结余应当是数字，这里是文字“约5万元”");
	assert_finding(x, SEV_ERROR, "budget.carryover", 8, 3);
	x = find(f->r, "年初预算数应当是数字，这里是映射或列表");
	assert_finding(x, SEV_ERROR, "budget.initial", 9, 3);
	x = find(f->r, "财政收回等金额应当是数字，这里是布尔值");
	assert_finding(x, SEV_ERROR, "budget.returned", 10, 3);
	/* set to nil, never 0; and not also reported as missing */
	assert_value(f, "doc.budget.executed", "nil");
	assert_value(f, "doc.budget.carryover", "nil");
	assert_value(f, "doc.budget.initial", "nil");
	assert_value(f, "doc.budget.returned", "nil");
	assert_no_finding(f->r, "缺少必填字段 budget.executed");
	assert_int_equal(f->r->finding_count, 4);
	assert_false(f->r->budget.has[BUDGET_EXECUTED]);
	assert_false(f->r->budget.has_rate_computed);
	assert_true(f->r->budget.has[BUDGET_PLANNED]);
}

static void test_money_with_wrong_unit(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER "budget:\n  planned: 100\n  executed: 90家\n"), 0);
	const finding *x = find(f->r, "全年执行数“90家”单位不是货币单位");
	assert_finding(x, SEV_ERROR, "budget.executed", 7, 3);
	assert_value(f, "doc.budget.executed", "nil");
}

static void test_percent_field(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET "  execution_rate: 99.9%\n"), 0);
	assert_no_findings(f->r);
	assert_value(f, "doc.budget.execution_rate", "dec:99.9");
	assert_true(f->r->budget.has[BUDGET_RATE]);
	assert_dec(f->r->budget.value[BUDGET_RATE], "99.9");
}

static void test_percent_field_variants(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET "  execution_rate: ９９.９％\n"), 0);
	assert_no_findings(f->r);
	assert_value(f, "doc.budget.execution_rate", "dec:99.9");
}

static void test_percent_field_bare_number(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET "  execution_rate: 99.90\n"), 0);
	assert_no_findings(f->r);
	assert_dec(f->r->budget.value[BUDGET_RATE], "99.9");
	assert_int_equal(f->r->budget.value[BUDGET_RATE].scale, 2);
}

static void test_percent_field_wrong_unit(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET "  execution_rate: 99.9万元\n"), 0);
	const finding *x = find(f->r, "预算执行率“99.9万元”应当是百分比");
	assert_finding(x, SEV_ERROR, "budget.execution_rate", 8, 3);
	assert_value(f, "doc.budget.execution_rate", "nil");
	assert_false(f->r->budget.has[BUDGET_RATE]);
}

static void test_unknown_keys(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER
	                       "budget:\n"
	                       "  planned: 100\n"
	                       "  executed: 90\n"
	                       "  planed: 100\n"
	                       "x-note: 自定义字段\n"
	                       "tagets: []\n"),
	                 0);
	const finding *x = find(f->r, "报告顶层中有未知字段“tagets”（拼写错误？）");
	assert_finding(x, SEV_WARNING, "tagets", 10, 1);
	x = find(f->r, "budget 中有未知字段“planed”");
	assert_finding(x, SEV_WARNING, "budget.planed", 8, 3);
	/* x- keys are the report's own */
	assert_no_finding(f->r, "x-note");
	assert_int_equal(f->r->finding_count, 2);
}

static void test_budget_summary(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER
	                       "budget:\n"
	                       "  currency: 万元\n"
	                       "  planned: \"383,506.13\"\n"
	                       "  executed: \"383,193.53\"\n"
	                       "  execution_rate: \"99.9%\"\n"
	                       "  sources:\n"
	                       "    general_public: \"383,193.53\"\n"
	                       "    government_fund: 0\n"
	                       "  nature:\n"
	                       "    basic: \"2,289.3\"\n"
	                       "    project: \"380,904.23\"\n"
	                       "  carryover: 0\n"),
	                 0);
	assert_no_findings(f->r);
	const budget_summary *b = &f->r->budget;
	assert_true(b->present);
	assert_string_equal(b->currency, "万元");
	assert_int_equal(b->line, 5);
	assert_false(b->has[BUDGET_INITIAL]);
	assert_true(b->has[BUDGET_PLANNED]);
	assert_dec(b->value[BUDGET_PLANNED], "383506.13");
	assert_true(b->has[BUDGET_EXECUTED]);
	assert_dec(b->value[BUDGET_EXECUTED], "383193.53");
	assert_true(b->has[BUDGET_RATE]);
	assert_dec(b->value[BUDGET_RATE], "99.9");
	assert_true(b->has[BUDGET_CARRYOVER]);
	assert_dec(b->value[BUDGET_CARRYOVER], "0");
	assert_false(b->has[BUDGET_RETURNED]);
	/* 383,193.53 / 383,506.13 = 99.9184...% */
	assert_true(b->has_rate_computed);
	assert_int_equal(b->rate_computed.mant, 9992);
	assert_int_equal(b->rate_computed.scale, 2);
	/* the parts are normalised for rules too */
	assert_value(f, "doc.budget.sources.general_public", "dec:383193.53");
	assert_value(f, "doc.budget.sources.government_fund", "dec:0");
	assert_value(f, "doc.budget.nature.basic", "dec:2289.3");
	assert_value(f, "doc.budget.nature.project", "dec:380904.23");
}

/* The rate printers show divides by what the framework says, as the rules
 * do (std.budget.rate_base): Hunan's 2690.62 ÷ (2690.62 + 19.8) = 99.27%. */
static void test_budget_rate_base(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER "budget:\n  opening_balance: 19.8\n  planned: 2690.62\n"
	                               "  executed: 2690.62\n  received: 2700\n  returned: ~\n"),
	                 0);
	budget_summary *b = &f->r->budget;
	assert_true(b->has[BUDGET_OPENING_BALANCE] && b->has[BUDGET_RECEIVED]);
	assert_true(b->blank[BUDGET_RETURNED]);
	assert_false(b->blank[BUDGET_INITIAL] || b->has[BUDGET_INITIAL]);
	assert_int_equal(b->rate_base, RATE_BASE_PLANNED);
	assert_dec(b->rate_computed, "100");
	model_budget_rate(b, true, false);
	assert_int_equal(b->rate_base, RATE_BASE_OPENING_BALANCE);
	assert_dec(b->rate_computed, "99.27");
	model_budget_rate(b, false, true);
	assert_int_equal(b->rate_base, RATE_BASE_RECEIVED);
	assert_dec(b->rate_computed, "99.65");
	/* the framework counts an opening balance the report does not give */
	b->has[BUDGET_OPENING_BALANCE] = false;
	model_budget_rate(b, true, false);
	assert_false(b->has_rate_computed);
	assert_true(b->rate_base_missing);
	/* funds received not given: the full-year budget, as the rules do */
	b->has[BUDGET_RECEIVED] = false;
	model_budget_rate(b, false, true);
	assert_int_equal(b->rate_base, RATE_BASE_PLANNED);
	assert_dec(b->rate_computed, "100");
}

static void test_budget_rate_rounds_half_away(void **state)
{
	fixture *f = *state;
	/* 2 / 3 = 66.666...% -> 66.67; 1 / 8 = 12.5% -> 12.50 */
	assert_int_equal(model(f, HEADER "budget:\n  planned: 3\n  executed: 2\n"), 0);
	assert_dec(f->r->budget.rate_computed, "66.67");
	result_free(f->r);
	f->r = result_new("test.yaml", 0);
	assert_int_equal(model(f, HEADER "budget:\n  planned: 8\n  executed: 1\n"), 0);
	assert_int_equal(f->r->budget.rate_computed.mant, 1250);
	assert_int_equal(f->r->budget.rate_computed.scale, 2);
}

static void test_budget_zero_planned(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER "budget:\n  planned: 0\n  executed: 0\n"), 0);
	assert_no_findings(f->r);
	assert_true(f->r->budget.has[BUDGET_PLANNED]);
	assert_false(f->r->budget.has_rate_computed);
}

static void test_budget_parts_not_numbers(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET "  nature:\n    basic: 很多\n    project: 5\n"), 0);
	const finding *x = find(f->r, "basic应当是数字，这里是文字“很多”");
	assert_finding(x, SEV_ERROR, "budget.nature.basic", 9, 5);
	assert_value(f, "doc.budget.nature.basic", "nil");
	assert_value(f, "doc.budget.nature.project", "dec:5");
}

static void test_budget_items(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET
	                       "  items:\n"
	                       "    - {name: 村级组织运转, planned: 40, executed: \"43.91\"}\n"
	                       "    - {planned: 1亿元, executed: 0, amount: 1}\n"),
	                 0);
	assert_value(f, "doc.budget.items[1].executed", "dec:43.91");
	assert_value(f, "doc.budget.items[2].planned", "dec:10000");
	const finding *x = find(f->r, "缺少必填字段 name（项目名称）");
	assert_finding(x, SEV_ERROR, "budget.items[1].name", 10, 0);
	x = find(f->r, "预算明细中有未知字段“amount”");
	assert_finding(x, SEV_WARNING, "budget.items[1].amount", 10, 0);
	assert_int_equal(f->r->finding_count, 2);
}

static const char *const scores_text =
	HEADER BUDGET
	"scores:\n"                            /* 8 */
	"  total: 94.57\n"                     /* 9 */
	"  grade: 优\n"                        /* 10 */
	"  indicators:\n"                      /* 11 */
	"    - name: 履职效能\n"               /* 12 */
	"      max: 50\n"                      /* 13 */
	"      score: 45.07\n"                 /* 14 */
	"      deductions:\n"                  /* 15 */
	"        - reason: 未组织评选\n"       /* 16 */
	"          fix: 积极组织参与评选\n"     /* 17 */
	"    - name: 管理效率\n"               /* 18 */
	"      max: 50\n"                      /* 19 */
	"      score: 49.5\n"                  /* 20 */
	"      children:\n"                    /* 21 */
	"        - {name: 预算编制, max: 3, score: 3}\n" /* 22 */
	"        - name: 资产管理\n"           /* 23 */
	"          max: 10\n"                  /* 24 */
	"          score: 9.5分\n"             /* 25 */
	"          deductions:\n"              /* 26 */
	"            - points: 0.5\n"          /* 27 */
	"              reason: 资产变动登记不够及时\n" /* 28 */
	"              fix: 加强资产日常管理\n"  /* 29 */
	"        - name: 运行成本\n"           /* 30 */
	"          max: 4\n"                   /* 31 */
	"          children:\n"                /* 32 */
	"            - {name: 公用经费, max: 2, score: 2}\n"; /* 33 */

static void test_indicator_tree(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, scores_text), 0);
	assert_no_findings(f->r);
	doc_result *r = f->r;
	assert_true(r->has_scores);
	assert_true(r->has_total_claimed);
	assert_dec(r->total_claimed, "94.57");
	assert_string_equal(r->grade_claimed, "优");

	static const struct {
		const char *path, *name;
		int depth;
		const char *max, *claimed; /* NULL when absent */
		const char *data_path;
		int line;
	} expected[] = {
		{ "履职效能", "履职效能", 0, "50", "45.07", "scores.indicators[0].score", 14 },
		{ "管理效率", "管理效率", 0, "50", "49.5", "scores.indicators[1].score", 20 },
		{ "管理效率/预算编制", "预算编制", 1, "3", "3",
		  "scores.indicators[1].children[0].score", 22 },
		{ "管理效率/资产管理", "资产管理", 1, "10", "9.5",
		  "scores.indicators[1].children[1].score", 25 },
		{ "管理效率/运行成本", "运行成本", 1, "4", NULL,
		  "scores.indicators[1].children[2].score", 30 },
		{ "管理效率/运行成本/公用经费", "公用经费", 2, "2", "2",
		  "scores.indicators[1].children[2].children[0].score", 33 },
	};
	size_t n = sizeof expected / sizeof *expected;
	assert_int_equal(r->indicator_count, n);
	for (size_t i = 0; i < n; i++) {
		const indicator_score *s = &r->indicators[i];
		assert_string_equal(s->path, expected[i].path);
		assert_string_equal(s->name, expected[i].name);
		assert_int_equal(s->depth, expected[i].depth);
		assert_true(s->has_max);
		assert_dec(s->max, expected[i].max);
		assert_int_equal(s->has_claimed, expected[i].claimed != NULL);
		if (expected[i].claimed)
			assert_dec(s->claimed, expected[i].claimed);
		assert_false(s->has_computed);
		assert_string_equal(s->data_path, expected[i].data_path);
		assert_int_equal(s->line, expected[i].line);
		assert_int_equal(s->deduction_count, 0);
	}

	/* claimed deductions, with and without points */
	const indicator_score *first = &r->indicators[0];
	assert_int_equal(first->claimed_deduction_count, 1);
	assert_false(first->claimed_deductions[0].has_points);
	assert_null(first->claimed_deductions[0].rule);
	assert_string_equal(first->claimed_deductions[0].reason, "未组织评选");
	assert_string_equal(first->claimed_deductions[0].fix, "积极组织参与评选");
	const indicator_score *assets = &r->indicators[3];
	assert_int_equal(assets->claimed_deduction_count, 1);
	assert_true(assets->claimed_deductions[0].has_points);
	assert_dec(assets->claimed_deductions[0].points, "0.5");
	assert_string_equal(assets->claimed_deductions[0].reason, "资产变动登记不够及时");
	assert_string_equal(assets->claimed_deductions[0].fix, "加强资产日常管理");
	assert_int_equal(r->indicators[2].claimed_deduction_count, 0);

	/* rules see the normalised tree with every indicator's path */
	assert_value(f, "doc.scores.indicators[2].children[3].children[1].path",
	             "str:管理效率/运行成本/公用经费");
	assert_value(f, "doc.scores.indicators[1].path", "str:履职效能");
	assert_value(f, "doc.scores.indicators[2].children[2].score", "dec:9.5");
	assert_value(f, "doc.scores.indicators[2].children[2].deductions[1].points", "dec:0.5");
	assert_value(f, "doc.scores.total", "dec:94.57");
}

static void test_indicator_problems(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET
	                       "scores:\n"                              /* 8 */
	                       "  total: 九十分\n"                       /* 9 */
	                       "  indicators:\n"                        /* 10 */
	                       "    - name: 产出/效益\n"                 /* 11 */
	                       "      max: 10\n"                        /* 12 */
	                       "      score: 9万元\n"                    /* 13 */
	                       "      scor: 9\n"                        /* 14 */
	                       "    - just text\n"                      /* 15 */
	                       "    - max: 5\n"                         /* 16 */
	                       "      deductions:\n"                    /* 17 */
	                       "        - {points: 半分, reason: x}\n"  /* 18 */
	                       "    - name: 2022\n"),                   /* 19 */
	                 0);
	const finding *x = find(f->r, "总分应当是数字，这里是文字“九十分”");
	assert_finding(x, SEV_ERROR, "scores.total", 9, 3);
	x = find(f->r, "指标名称“产出/效益”含有“/”");
	assert_finding(x, SEV_WARNING, "scores.indicators[0].name", 11, 7);
	x = find(f->r, "得分“9万元”分值的单位只能是“分”");
	assert_finding(x, SEV_ERROR, "scores.indicators[0].score", 13, 7);
	x = find(f->r, "指标中有未知字段“scor”");
	assert_finding(x, SEV_WARNING, "scores.indicators[0].scor", 14, 7);
	x = find(f->r, "指标第 2 项应当是映射");
	assert_finding(x, SEV_ERROR, "scores.indicators", 10, 3);
	x = find(f->r, "缺少必填字段 name（指标名称）");
	assert_finding(x, SEV_ERROR, "scores.indicators[2].name", 16, 7);
	x = find(f->r, "扣分应当是数字，这里是文字“半分”");
	assert_finding(x, SEV_ERROR, "scores.indicators[2].deductions[0].points", 18, 0);
	assert_int_equal(f->r->finding_count, 7);

	assert_false(f->r->has_total_claimed);
	assert_int_equal(f->r->indicator_count, 3);
	assert_false(f->r->indicators[0].has_claimed);
	assert_string_equal(f->r->indicators[1].path, "?");
	assert_int_equal(f->r->indicators[1].claimed_deduction_count, 1);
	assert_false(f->r->indicators[1].claimed_deductions[0].has_points);
	/* a numeric name is a name */
	assert_string_equal(f->r->indicators[2].path, "2022");
	assert_value(f, "doc.scores.indicators[4].name", "str:2022");
	/* no score: the data path still says where it belongs */
	assert_string_equal(f->r->indicators[2].data_path, "scores.indicators[3].score");
	assert_int_equal(f->r->indicators[2].line, 19);
}

static void test_scores_without_indicators(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET "scores:\n  total: 90\n  grade: 优\n"), 0);
	const finding *x = find(f->r, "缺少必填部分 indicators（指标）");
	assert_finding(x, SEV_ERROR, "scores.indicators", 8, 1);
	assert_true(f->r->has_scores);
	assert_dec(f->r->total_claimed, "90");
}

static void test_deep_indicator_tree(void **state)
{
	fixture *f = *state;
	/* 30 levels of children: as deep as the loader's 64 nesting levels
	 * allow, and deeper than the Lua stack the model reserved up front. */
	enum { LEVELS = 30 };
	size_t size = 4096 + LEVELS * 128;
	char *text = malloc(size);
	assert_non_null(text);
	size_t used = (size_t)snprintf(text, size, HEADER BUDGET "scores:\n  indicators:\n");
	for (int level = 0; level < LEVELS; level++) {
		int indent = 4 + level * 4;
		used += (size_t)snprintf(text + used, size - used, "%*s- name: L%d\n%*s  score: 1\n",
		                         indent - 4 + 4, "", level, indent, "");
		if (level + 1 < LEVELS)
			used += (size_t)snprintf(text + used, size - used, "%*s  children:\n", indent, "");
	}
	assert_int_equal(model(f, text), 0);
	free(text);
	assert_no_findings(f->r);
	assert_int_equal(f->r->indicator_count, LEVELS);
	const indicator_score *last = &f->r->indicators[LEVELS - 1];
	assert_int_equal(last->depth, LEVELS - 1);
	assert_non_null(strstr(last->path, "L0/L1/L2/"));
	assert_non_null(strstr(last->path, "/L29"));
}

static const char *const targets_text =
	HEADER BUDGET
	"targets:\n"                                                         /* 8 */
	"  - {name: 入库数, indicator: 履职效能, target: \">= 3000\", actual: 3400, unit: 家,"
	" points: 5, score: 5, status: met}\n"                              /* 9 */
	"  - {name: 经费, target: \"<= 202.6万元\", actual: 72890元}\n"      /* 10 */
	"  - {name: 次数, target: \">= 6次\", actual: 5篇}\n"                /* 11 */
	"  - {name: 家数, target: \">= 3000家\", actual: 3400, unit: 人}\n"  /* 12 */
	"  - {name: 比例, target: \"= 100%\", actual: \"99.5%\", unit: \"%\"}\n" /* 13 */
	"  - {name: 上限, target: \"≤ 20\", actual: 19}\n"                  /* 14 */
	"  - {name: 严格, target: \"< 5\", actual: 5}\n"                    /* 15 */
	"  - {name: 大于, target: \"> 4\", actual: 5}\n"                    /* 16 */
	"  - {name: 定性, target: 达成, actual: 达成}\n"                    /* 17 */
	"  - {name: 定性否, target: 达成, actual: 未完成, status: not_met, reason: 疫情}\n" /* 18 */
	"  - {name: 未评, target: 达成, actual: null, status: unassessable}\n" /* 19 */
	"  - {name: 裸数, target: 3000, actual: 3000}\n"                     /* 20 */
	"  - {name: 亿元, target: \">= 250亿元\", actual: \"286.87亿元\", unit: 亿元}\n" /* 21 */
	"  - {name: 较好, target: 好, actual: 较好}\n";                     /* 22 */

/* The target summary at index i. */
static const target_summary *target(fixture *f, size_t i)
{
	assert_true(i < f->r->target_count);
	return &f->r->targets[i];
}

static void test_targets_met(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, targets_text), 0);
	assert_no_findings(f->r);
	assert_int_equal(f->r->target_count, 14);

	/* ">= 3000" against 3400 家 */
	assert_value(f, "doc.targets[1].op", "str:>=");
	assert_value(f, "doc.targets[1].goal", "dec:3000");
	assert_value(f, "doc.targets[1].goal_unit", "nil");
	assert_value(f, "doc.targets[1].actual", "dec:3400");
	assert_value(f, "doc.targets[1].units_agree", "true");
	assert_value(f, "doc.targets[1].met", "true");
	const target_summary *t = target(f, 0);
	assert_string_equal(t->name, "入库数");
	assert_string_equal(t->indicator, "履职效能");
	assert_string_equal(t->unit, "家");
	assert_string_equal(t->target, ">= 3000");
	assert_string_equal(t->actual, "3400");
	assert_string_equal(t->status, "met");
	assert_null(t->reason);
	assert_int_equal(t->met, 1);
	assert_true(t->has_points);
	assert_dec(t->points, "5");
	assert_true(t->has_score);
	assert_dec(t->score, "5");
	assert_int_equal(t->line, 9);

	/* "<= 202.6万元" against 72890元 = 7.289万元 */
	assert_value(f, "doc.targets[2].op", "str:<=");
	assert_value(f, "doc.targets[2].goal", "dec:202.6");
	assert_value(f, "doc.targets[2].goal_unit", "str:万元");
	assert_value(f, "doc.targets[2].actual", "dec:72890");
	assert_value(f, "doc.targets[2].actual_unit", "str:元");
	assert_value(f, "doc.targets[2].actual_converted", "dec:7.289");
	assert_value(f, "doc.targets[2].units_agree", "true");
	assert_value(f, "doc.targets[2].met", "true");
	t = target(f, 1);
	assert_string_equal(t->target, "<= 202.6万元");
	assert_string_equal(t->actual, "72890元");
	assert_int_equal(t->met, 1);
	assert_null(t->unit);
	assert_false(t->has_points);

	/* units that do not convert: no verdict */
	assert_value(f, "doc.targets[3].goal_unit", "str:次");
	assert_value(f, "doc.targets[3].actual_unit", "str:篇");
	assert_value(f, "doc.targets[3].units_agree", "false");
	assert_value(f, "doc.targets[3].met", "nil");
	assert_int_equal(target(f, 2)->met, -1);
	/* the goal's unit against the declared unit */
	assert_value(f, "doc.targets[4].units_agree", "false");
	assert_value(f, "doc.targets[4].met", "nil");
	assert_int_equal(target(f, 3)->met, -1);

	/* percent, not met */
	assert_value(f, "doc.targets[5].op", "str:=");
	assert_value(f, "doc.targets[5].goal", "dec:100");
	assert_value(f, "doc.targets[5].goal_unit", "str:%");
	assert_value(f, "doc.targets[5].actual", "dec:99.5");
	assert_value(f, "doc.targets[5].units_agree", "true");
	assert_value(f, "doc.targets[5].met", "false");
	assert_int_equal(target(f, 4)->met, 0);

	/* the other comparisons, and a full-width sign */
	assert_value(f, "doc.targets[6].op", "str:<=");
	assert_value(f, "doc.targets[6].met", "true");
	assert_value(f, "doc.targets[7].op", "str:<");
	assert_value(f, "doc.targets[7].met", "false");
	assert_value(f, "doc.targets[8].op", "str:>");
	assert_value(f, "doc.targets[8].met", "true");

	/* qualitative */
	assert_value(f, "doc.targets[9].goal_word", "str:达成");
	assert_value(f, "doc.targets[9].actual_word", "str:达成");
	assert_value(f, "doc.targets[9].op", "nil");
	assert_value(f, "doc.targets[9].met", "true");
	assert_int_equal(target(f, 8)->met, 1);
	assert_value(f, "doc.targets[10].met", "false");
	t = target(f, 9);
	assert_int_equal(t->met, 0);
	assert_string_equal(t->status, "not_met");
	assert_string_equal(t->reason, "疫情");
	assert_string_equal(t->actual, "未完成");
	/* not assessed */
	assert_value(f, "doc.targets[11].met", "nil");
	t = target(f, 10);
	assert_int_equal(t->met, -1);
	assert_null(t->actual);
	assert_string_equal(t->target, "达成");
	assert_string_equal(t->status, "unassessable");

	/* a bare number is "at least" it */
	assert_value(f, "doc.targets[12].op", "str:>=");
	assert_value(f, "doc.targets[12].met", "true");
	assert_string_equal(target(f, 11)->target, "3000");
	/* same currency, no conversion */
	assert_value(f, "doc.targets[13].met", "true");
	assert_value(f, "doc.targets[13].actual_converted", "nil");
	assert_value(f, "doc.targets[13].actual", "dec:286.87");
	/* a word that says it was reached */
	assert_value(f, "doc.targets[14].met", "true");
	assert_int_equal(target(f, 13)->line, 22);
}

/* Targets as forms print them: comparison words and endings, signs typed
 * half full-width, a unit left to the actual value, and a number printed
 * without any comparison. */
static void test_targets_as_printed(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET "targets:\n"
	                                        "  - {name: 字, target: 不低于90%, actual: \"95%\"}\n"
	                                        "  - {name: 以上, target: 95%以上, actual: \"98%\"}\n"
	                                        "  - {name: 以内, target: 5天以内, actual: 6天}\n"
	                                        "  - {name: 混合, target: \"＞=90%\", actual: \"92%\"}\n"
	                                        "  - {name: 裸数, target: 1000人次, actual: 1200人次}\n"
	                                        "  - {name: 裸数等, target: 1000人次, actual: 1000人次}\n"
	                                        "  - {name: 无单位, target: \"≥90\", actual: \"92%\"}\n"
	                                        "  - {name: 词, target: 不低于去年, actual: 达成}\n"
	                                        "  - {name: 成本, indicator: 产出指标/成本指标, target: 80万元,"
	                                        " actual: 78万元}\n"
	                                        "  - {name: 工期, indicator: 产出指标/时效指标, target: 30天, actual: 25天}\n"
	                                        "  - {name: 及时率, indicator: 产出指标/时效指标, target: 100%, actual: 98%}\n"
	                                        "  - {name: 安全事故次数, target: 0起, actual: 1起}\n"
	                                        "  - {name: 群众投诉率, target: 2%, actual: 1%}\n"),
	                 0);
	assert_no_findings(f->r);
	assert_value(f, "doc.targets[1].op", "str:>=");
	assert_value(f, "doc.targets[1].goal", "dec:90");
	assert_value(f, "doc.targets[1].met", "true");
	assert_value(f, "doc.targets[2].op", "str:>=");
	assert_value(f, "doc.targets[2].goal_unit", "str:%");
	assert_value(f, "doc.targets[2].met", "true");
	assert_value(f, "doc.targets[3].op", "str:<=");
	assert_value(f, "doc.targets[3].goal_unit", "str:天");
	assert_value(f, "doc.targets[3].met", "false");
	assert_value(f, "doc.targets[4].op", "str:>=");
	assert_value(f, "doc.targets[4].op_implied", "nil");
	/* a number printed alone: at least it (a 正向指标), at most it for a
	 * cost or a time a 时效指标 allows (反向指标) */
	assert_value(f, "doc.targets[5].op", "str:>=");
	assert_value(f, "doc.targets[5].op_implied", "true");
	assert_value(f, "doc.targets[5].met", "true");
	assert_int_equal(target(f, 4)->met, 1);
	assert_value(f, "doc.targets[6].met", "true");
	assert_value(f, "doc.targets[9].op", "str:<=");
	assert_value(f, "doc.targets[9].met", "true");
	assert_value(f, "doc.targets[10].op", "str:<=");
	assert_value(f, "doc.targets[10].met", "true");
	assert_value(f, "doc.targets[11].op", "str:>=");
	assert_value(f, "doc.targets[11].met", "false");
	/* none at all, and something to avoid: at most */
	assert_value(f, "doc.targets[12].op", "str:<=");
	assert_value(f, "doc.targets[12].met", "false");
	assert_value(f, "doc.targets[13].op", "str:<=");
	assert_value(f, "doc.targets[13].met", "true");
	assert_value(f, "doc.targets[7].units_agree", "true");
	assert_value(f, "doc.targets[7].met", "true");
	/* a comparison word before what is no number: a qualitative target */
	assert_value(f, "doc.targets[8].goal_word", "str:不低于去年");
	assert_value(f, "doc.targets[8].op", "nil");
}

static void test_target_problems(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET
	                       "targets:\n"                                      /* 8 */
	                       "  - {name: a, actual: 1}\n"                      /* 9 */
	                       "  - {name: b, target: \">= 很多\", actual: 1}\n" /* 10 */
	                       "  - {name: c, target: 1, actual: 1, status: done}\n" /* 11 */
	                       "  - {name: d, target: [1], actual: {x: 1}}\n"   /* 12 */
	                       "  - 只有文字\n"                                   /* 13 */
	                       "  - {target: 1, actual: 1, goal: 2}\n"),         /* 14 */
	                 0);
	const finding *x = find(f->r, "缺少必填字段 target（目标值）");
	assert_finding(x, SEV_ERROR, "targets[0].target", 9, 0);
	x = find(f->r, "目标值“>= 很多”无法识别");
	assert_finding(x, SEV_ERROR, "targets[1].target", 10, 0);
	x = find(f->r, "完成状态“done”无效");
	assert_finding(x, SEV_ERROR, "targets[2].status", 11, 0);
	x = find(f->r, "目标值应当是数字或文字，这里是映射或列表");
	assert_finding(x, SEV_ERROR, "targets[3].target", 12, 0);
	x = find(f->r, "实际完成值应当是数字或文字，这里是映射或列表");
	assert_finding(x, SEV_ERROR, "targets[3].actual", 12, 0);
	x = find(f->r, "绩效指标第 5 项应当是映射");
	assert_finding(x, SEV_ERROR, "targets", 8, 1);
	x = find(f->r, "缺少必填字段 name（指标名称）");
	assert_finding(x, SEV_ERROR, "targets[5].name", 14, 0);
	x = find(f->r, "绩效指标中有未知字段“goal”");
	assert_finding(x, SEV_WARNING, "targets[5].goal", 14, 0);
	assert_int_equal(f->r->finding_count, 8);
	/* every mapping gets a summary; no verdict without a goal */
	assert_int_equal(f->r->target_count, 5);
	assert_int_equal(target(f, 0)->met, -1);
	assert_null(target(f, 0)->target);
	assert_int_equal(target(f, 1)->met, -1);
	assert_int_equal(target(f, 2)->met, 1);
}

static void test_target_words_not_numbers(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET
	                       "targets:\n"
	                       "  - {name: a, target: \">= 3000\", actual: 超过3400家, unit: 家}\n"),
	                 0);
	/* a word is allowed as an actual; it just cannot be compared */
	assert_no_findings(f->r);
	assert_value(f, "doc.targets[1].actual_word", "str:超过3400家");
	assert_value(f, "doc.targets[1].actual", "str:超过3400家");
	assert_value(f, "doc.targets[1].met", "nil");
	assert_int_equal(target(f, 0)->met, -1);
	assert_string_equal(target(f, 0)->actual, "超过3400家");
}

static void test_facts_and_other_sections(void **state)
{
	fixture *f = *state;
	assert_int_equal(model(f, HEADER BUDGET
	                       "framework: 财预〔2020〕10号\n"
	                       "facts:\n"
	                       "  asset_changes:\n"
	                       "    - {asset: 服务器, changed_on: 2022-03-01}\n"),
	                 0);
	assert_no_findings(f->r);
	assert_value(f, "doc.facts.asset_changes[1].changed_on", "str:2022-03-01");
	result_free(f->r);
	f->r = result_new("test.yaml", 0);
	assert_int_equal(model(f, HEADER BUDGET "facts: 文字\n"), 0);
	const finding *x = find(f->r, "facts（事实记录）应当是映射或列表");
	assert_finding(x, SEV_ERROR, "facts", 8, 1);
}


int main(void)
{
	/* The messages these tests expect are the Chinese ones (po/zh_CN.po). */
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	setenv("LANGUAGE", "zh_CN", 1);
	i18n_init();
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_minimal_report),
		T(test_required_fields_missing),
		T(test_required_fields_empty),
		T(test_budget_required_amounts),
		T(test_empty_and_wrong_type_strings),
		T(test_wrong_kind),
		T(test_project_kind_needs_project),
		T(test_project_kind_with_project),
		T(test_version_and_year),
		T(test_integers_refuse_other_values),
		T(test_not_a_mapping),
		T(test_scalar_document),
		T(test_money_conversion),
		T(test_money_in_other_currency),
		T(test_budget_summary_currency),
		T(test_budget_currency_default),
		T(test_bad_currency),
		T(test_text_is_not_a_number),
		T(test_money_with_wrong_unit),
		T(test_percent_field),
		T(test_percent_field_variants),
		T(test_percent_field_bare_number),
		T(test_percent_field_wrong_unit),
		T(test_unknown_keys),
		T(test_budget_summary),
		T(test_budget_rate_base),
		T(test_budget_rate_rounds_half_away),
		T(test_budget_zero_planned),
		T(test_budget_parts_not_numbers),
		T(test_budget_items),
		T(test_indicator_tree),
		T(test_indicator_problems),
		T(test_scores_without_indicators),
		T(test_deep_indicator_tree),
		T(test_targets_met),
		T(test_targets_as_printed),
		T(test_target_problems),
		T(test_target_words_not_numbers),
		T(test_facts_and_other_sections),
	};
#undef T
	return cmocka_run_group_tests_name("report_model", tests, NULL, NULL);
}

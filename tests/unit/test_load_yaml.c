/*
 * Unit tests for load_yaml.c: YAML buffers loaded into Lua tables with
 * their positions, and every problem a finding (never a crash).
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
#include <time.h>
#include <unistd.h>

#include "base_i18n.h"
#include "load_positions.h"
#include "load_yaml.h"
#include "model_report.h"
#include "rules_decimal.h"
#include "rules_sandbox.h"
#include "run_result.h"

typedef struct fixture {
	lua_State *L;
	yload ld;
	bool open;
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
	if (f->open)
		yload_close(&f->ld);
	pos_tree_free(&f->pos);
	result_free(f->r);
	lua_close(f->L);
	free(f);
	return 0;
}

static void open_text(fixture *f, const char *text, const load_limits *limits)
{
	assert_int_equal(yload_open_buffer(&f->ld, text, strlen(text), limits), 0);
	f->open = true;
}

/* Load the next document; its root (or nil) becomes the global `doc` and
 * stays on the stack.  Returns what yload_next returned. */
static int next_document(fixture *f)
{
	int top = lua_gettop(f->L);
	int status = yload_next(&f->ld, f->L, &f->pos, f->r);
	if (status == 1) {
		assert_int_equal(lua_gettop(f->L), top + 1);
		lua_pushvalue(f->L, -1);
		lua_setglobal(f->L, "doc");
	} else {
		assert_int_equal(lua_gettop(f->L), top);
	}
	return status;
}

/* Open text and load its first document, which must be there. */
static void load(fixture *f, const char *text, const load_limits *limits)
{
	open_text(f, text, limits);
	assert_int_equal(next_document(f), 1);
}

/* Evaluate a Lua expression over `doc` and describe its value:
 * "nil", "true", "false", "dec:45.07" (with the Decimal's own scale),
 * "str:text", "table", or "other". */
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
	} else if (ldec_is(L, -1, &d)) {
		char buf[DEC_BUFSIZE];
		dec_format(d, buf);
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

/* Push the value of a Lua expression over `doc`. */
static void push_expression(fixture *f, const char *expression)
{
	char chunk[512];
	snprintf(chunk, sizeof chunk, "return %s", expression);
	if (luaL_loadstring(f->L, chunk) != LUA_OK || lua_pcall(f->L, 0, 1, 0) != LUA_OK)
		fail_msg("%s: %s", expression, lua_tostring(f->L, -1));
}

/* The finding whose message contains `text`; fails when there is none. */
static const finding *find(const doc_result *r, const char *text)
{
	for (size_t i = 0; i < r->finding_count; i++)
		if (strstr(r->findings[i].message, text))
			return &r->findings[i];
	char all[2048] = "";
	for (size_t i = 0; i < r->finding_count; i++) {
		strncat(all, r->findings[i].message, sizeof all - strlen(all) - 2);
		strncat(all, "\n", sizeof all - strlen(all) - 1);
	}
	fail_msg("no finding contains \"%s\"; findings:\n%s", text, all);
	return NULL;
}

static void assert_no_findings(const doc_result *r)
{
	if (r->finding_count)
		fail_msg("%zu unexpected finding(s), the first: %s (line %d)", r->finding_count,
		         r->findings[0].message, r->findings[0].line);
}

/* The positions node of a data path, which must exist. */
static const pos_node *node_at(fixture *f, const char *path)
{
	int complete = 0;
	int32_t id = pos_resolve(&f->pos, path, &complete);
	if (!complete)
		fail_msg("no node at %s", path);
	return &f->pos.nodes[id];
}

static void test_scalars(void **state)
{
	fixture *f = *state;
	load(f,
	     "tilde: ~\n"
	     "null_word: null\n"
	     "null_title: Null\n"
	     "null_upper: NULL\n"
	     "empty:\n"
	     "yes_true: true\n"
	     "yes_title: True\n"
	     "no_false: false\n"
	     "no_upper: FALSE\n"
	     "yes_word: yes\n"
	     "score: 45.07\n"
	     "places: 0.10\n"
	     "count: 3400\n"
	     "negative: -1\n"
	     "plus: +7\n"
	     "grouped: 383,506.13\n"
	     "with_unit: 383,506.13 万元\n"
	     "percent: 99.9%\n"
	     "single: '3400'\n"
	     "double: \"45.07\"\n"
	     "tagged: !!str 3400\n"
	     "bang: ! 3400\n"
	     "quoted_null: '~'\n"
	     "quoted_true: \"true\"\n"
	     "date: 2022-03-01\n"
	     "exponent: 1e5\n"
	     "hex: 0x10\n"
	     "leading_dot: .5\n"
	     "too_big: 9223372036854775808\n"
	     "text: 资产变动登记不够及时\n",
	     NULL);
	assert_no_findings(f->r);
	assert_value(f, "doc.tilde", "nil");
	assert_value(f, "doc.null_word", "nil");
	assert_value(f, "doc.null_title", "nil");
	assert_value(f, "doc.null_upper", "nil");
	assert_value(f, "doc.empty", "nil");
	assert_value(f, "doc.yes_true", "true");
	assert_value(f, "doc.yes_title", "true");
	assert_value(f, "doc.no_false", "false");
	assert_value(f, "doc.no_upper", "false");
	assert_value(f, "doc.yes_word", "str:yes");
	assert_value(f, "doc.score", "dec:45.07");
	assert_value(f, "doc.places", "dec:0.10");
	assert_value(f, "doc.count", "dec:3400");
	assert_value(f, "doc.negative", "dec:-1");
	assert_value(f, "doc.plus", "dec:7");
	assert_value(f, "doc.grouped", "str:383,506.13");
	assert_value(f, "doc.with_unit", "str:383,506.13 万元");
	assert_value(f, "doc.percent", "str:99.9%");
	assert_value(f, "doc.single", "str:3400");
	assert_value(f, "doc.double", "str:45.07");
	assert_value(f, "doc.tagged", "str:3400");
	assert_value(f, "doc.bang", "str:3400");
	assert_value(f, "doc.quoted_null", "str:~");
	assert_value(f, "doc.quoted_true", "str:true");
	assert_value(f, "doc.date", "str:2022-03-01");
	assert_value(f, "doc.exponent", "str:1e5");
	assert_value(f, "doc.hex", "str:0x10");
	assert_value(f, "doc.leading_dot", "str:.5");
	assert_value(f, "doc.too_big", "str:9223372036854775808");
	assert_value(f, "doc.text", "str:资产变动登记不够及时");

	/* the Decimal keeps the scale it was written with */
	push_expression(f, "doc.score");
	decimal d;
	assert_true(ldec_is(f->L, -1, &d));
	assert_int_equal(d.mant, 4507);
	assert_int_equal(d.scale, 2);
	lua_pop(f->L, 1);

	/* a null value has no Lua value but keeps its position */
	const pos_node *n = node_at(f, "empty");
	assert_int_equal(n->line, 5);
	assert_int_equal(n->kind, POS_SCALAR);
}

static void test_keys_are_strings(void **state)
{
	fixture *f = *state;
	load(f, "2022: 年度\ntrue: 是\n1.5: x\n", NULL);
	assert_no_findings(f->r);
	assert_value(f, "doc['2022']", "str:年度");
	assert_value(f, "doc[2022]", "nil");
	assert_value(f, "doc['true']", "str:是");
	assert_value(f, "doc[true]", "nil");
	assert_value(f, "doc['1.5']", "str:x");
}

static void test_mappings_and_sequences(void **state)
{
	fixture *f = *state;
	load(f,
	     "budget:\n"
	     "  planned: 100\n"
	     "  sources: {general_public: 90, other: 0}\n"
	     "items:\n"
	     "  - {name: 村级组织运转, planned: 40}\n"
	     "  - name: 第二项\n"
	     "    planned: 1.5\n"
	     "flow: [1, two, 3.50]\n"
	     "holes: [1, ~, 3]\n"
	     "empty_map: {}\n"
	     "empty_list: []\n"
	     "nested: [[a, b], [c]]\n",
	     NULL);
	assert_no_findings(f->r);
	assert_value(f, "doc", "table");
	assert_value(f, "doc.budget.planned", "dec:100");
	assert_value(f, "doc.budget.sources.general_public", "dec:90");
	assert_value(f, "doc.budget.sources.other", "dec:0");
	assert_value(f, "doc.items[1].name", "str:村级组织运转");
	assert_value(f, "doc.items[1].planned", "dec:40");
	assert_value(f, "doc.items[2].name", "str:第二项");
	assert_value(f, "doc.items[2].planned", "dec:1.5");
	assert_value(f, "doc.items[3]", "nil");
	assert_value(f, "doc.flow[1]", "dec:1");
	assert_value(f, "doc.flow[2]", "str:two");
	assert_value(f, "doc.flow[3]", "dec:3.50");
	/* sequences start at 1 and a null item keeps its slot */
	assert_value(f, "doc.flow[0]", "nil");
	assert_value(f, "doc.holes[1]", "dec:1");
	assert_value(f, "doc.holes[2]", "nil");
	assert_value(f, "doc.holes[3]", "dec:3");
	assert_value(f, "doc.empty_map", "table");
	assert_value(f, "doc.empty_list", "table");
	assert_value(f, "doc.nested[1][2]", "str:b");
	assert_value(f, "doc.nested[2][1]", "str:c");

	push_expression(f, "doc.flow");
	assert_int_equal(lua_rawlen(f->L, -1), 3);
	lua_pop(f->L, 1);
	push_expression(f, "doc.items");
	assert_int_equal(lua_rawlen(f->L, -1), 2);
	lua_pop(f->L, 1);

	/* the kinds of node the positions record */
	assert_int_equal(node_at(f, "budget")->kind, POS_MAPPING);
	assert_int_equal(node_at(f, "items")->kind, POS_SEQUENCE);
	assert_int_equal(node_at(f, "items[1].planned")->kind, POS_SCALAR);
	assert_int_equal(node_at(f, "holes[1]")->kind, POS_SCALAR);
	assert_int_equal(node_at(f, "nested[0][1]")->kind, POS_SCALAR);
	assert_int_equal(f->pos.nodes[0].kind, POS_MAPPING);
}

static void test_root_shapes(void **state)
{
	fixture *f = *state;
	open_text(f, "- 1\n- 2\n---\njust text\n---\n~\n", NULL);
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc[2]", "dec:2");
	assert_int_equal(f->pos.nodes[0].kind, POS_SEQUENCE);
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc", "str:just text");
	assert_int_equal(f->pos.count, 1);
	assert_int_equal(f->pos.nodes[0].kind, POS_SCALAR);
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc", "nil");
	assert_int_equal(next_document(f), 0);
	assert_no_findings(f->r);
}

static void test_hidden_node_key(void **state)
{
	fixture *f = *state;
	load(f, "pev: 1\nbudget:\n  planned: 100\ntargets:\n  - name: a\n  - name: b\n", NULL);
	lua_State *L = f->L;
	/* the root keeps node 0 */
	assert_int_equal(model_node_of(L, -1), 0);
	lua_pushlightuserdata(L, (void *)&yload_node_key);
	lua_rawget(L, -2);
	assert_true(lua_isinteger(L, -1));
	assert_int_equal(lua_tointeger(L, -1), 0);
	lua_pop(L, 1);

	int complete = 0;
	push_expression(f, "doc.budget");
	assert_int_equal(model_node_of(L, -1), pos_resolve(&f->pos, "budget", &complete));
	assert_int_equal(complete, 1);
	lua_pop(L, 1);
	push_expression(f, "doc.targets[2]");
	int32_t id = model_node_of(L, -1);
	assert_int_equal(id, pos_resolve(&f->pos, "targets[1]", &complete));
	assert_int_equal(f->pos.nodes[id].line, 6);
	lua_pop(L, 1);

	/* the hidden key is the only non-string key of a mapping, and a
	 * sequence's only non-integer one */
	push_expression(f, "doc.targets");
	int hidden = 0, other = 0;
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pop(L, 1);
		if (lua_islightuserdata(L, -1))
			hidden += lua_touserdata(L, -1) == &yload_node_key;
		else if (!lua_isinteger(L, -1))
			other++;
	}
	lua_pop(L, 1);
	assert_int_equal(hidden, 1);
	assert_int_equal(other, 0);

	/* not a table: no node */
	push_expression(f, "doc.pev");
	assert_int_equal(model_node_of(L, -1), -1);
	lua_pop(L, 1);
	lua_newtable(L);
	assert_int_equal(model_node_of(L, -1), -1);
	lua_pop(L, 1);
}

static void test_positions_of_keys(void **state)
{
	fixture *f = *state;
	load(f,
	     "pev: 1\n"                     /* 1 */
	     "budget:\n"                    /* 2 */
	     "  currency: 万元\n"           /* 3 */
	     "  planned:   \"383,506.13\"\n" /* 4 */
	     "scores:\n"                    /* 5 */
	     "  indicators:\n"              /* 6 */
	     "    - name: 履职效能\n"       /* 7 */
	     "      score: 45.07\n"         /* 8 */
	     "    - name: 管理效率\n"       /* 9 */
	     "      children:\n"            /* 10 */
	     "        - {name: 预算编制, score: 3}\n" /* 11 */
	     "targets: [a, b]\n",           /* 12 */
	     NULL);
	assert_no_findings(f->r);
	const pos_node *n = node_at(f, "pev");
	assert_int_equal(n->line, 1);
	assert_int_equal(n->column, 1);
	/* a member is located at its key, also when it holds a mapping */
	n = node_at(f, "budget");
	assert_int_equal(n->line, 2);
	assert_int_equal(n->column, 1);
	n = node_at(f, "budget.planned");
	assert_int_equal(n->line, 4);
	assert_int_equal(n->column, 3);
	n = node_at(f, "scores.indicators[0].score");
	assert_int_equal(n->line, 8);
	assert_int_equal(n->column, 7);
	n = node_at(f, "scores.indicators[1].children[0].score");
	assert_int_equal(n->line, 11);
	/* column counts characters, not bytes: "        - {name: 预算编制, " */
	assert_int_equal(n->column, 24);
	/* a sequence item at its value */
	n = node_at(f, "scores.indicators[1]");
	assert_int_equal(n->line, 9);
	assert_int_equal(n->column, 7);
	n = node_at(f, "targets[1]");
	assert_int_equal(n->line, 12);
	assert_int_equal(n->column, 14);
	/* the root */
	assert_int_equal(f->pos.nodes[0].line, 1);
	assert_int_equal(f->pos.nodes[0].column, 1);
	assert_int_equal(f->pos.nodes[0].parent, -1);

	char path[128];
	int complete = 0;
	int32_t id = pos_resolve(&f->pos, "scores.indicators[1].children[0].name", &complete);
	pos_path(&f->pos, id, path, sizeof path);
	assert_string_equal(path, "scores.indicators[1].children[0].name");
}

static void test_duplicate_key(void **state)
{
	fixture *f = *state;
	load(f,
	     "pev: 1\n"
	     "budget:\n"
	     "  planned: 100\n"
	     "  executed: 90\n"
	     "  planned: 120\n"
	     "unit: a\n",
	     NULL);
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = find(f->r, "重复的键“planned”");
	assert_string_equal(x->rule, "pev.yaml");
	assert_int_equal(x->severity, SEV_ERROR);
	assert_int_equal(x->line, 5);
	assert_int_equal(x->column, 3);
	assert_non_null(strstr(x->message, "首次出现在第 3 行"));
	/* the document still loads */
	assert_value(f, "doc.unit", "str:a");
	assert_value(f, "doc.budget.executed", "dec:90");
}

static void test_empty_key(void **state)
{
	/* BUG: positions.c:56, pos_add memcpy()s from a NULL key arena when
	 * the first key of a file is "" (see test_positions.c, test_empty_key);
	 * the ASan+UBSan build aborts here.  Remove the skip() once fixed. */
	fixture *f = *state;
	load(f, "\"\": leer\na: 1\n\"\": again\n", NULL);
	assert_value(f, "doc['']", "str:again");
	const finding *x = find(f->r, "重复的键“”");
	assert_int_equal(x->line, 3);
	assert_non_null(strstr(x->message, "首次出现在第 1 行"));
	assert_int_equal(node_at(f, "a")->line, 2);
}

static void test_same_key_in_different_mappings(void **state)
{
	fixture *f = *state;
	load(f, "a: {name: x}\nb: {name: y}\nc: [{name: 1}, {name: 2}]\n", NULL);
	assert_no_findings(f->r);
}

static void test_duplicate_key_after_null(void **state)
{
	/* BUG: take_key (load_yaml.c) detects a duplicate by looking the key
	 * up in the Lua table, but a null value is never stored there, so
	 * `actual: null` followed by `actual: 5` (or `planned:` twice) loads
	 * without a finding.  Suggested fix: ask the positions tree, which has
	 * every member whatever its value: duplicate = pos_child_key(c->pos,
	 * f->node, s, n) >= 0.  Remove the skip() once fixed. */
	fixture *f = *state;
	load(f, "name: a\nactual: null\ntarget: 1\nactual: 5\n", NULL);
	const finding *x = find(f->r, "重复的键“actual”");
	assert_int_equal(x->line, 4);
	assert_non_null(strstr(x->message, "首次出现在第 2 行"));
}

/* A null value, then many keys: the duplicate check stays constant time
 * (it once searched the whole mapping for every key after a null: 200,000
 * keys took 45 s), and still finds a key repeated after a null one. */
static void test_many_keys_after_null(void **state)
{
	fixture *f = *state;
	enum { KEYS = 100000 };
	size_t size = 64 + KEYS * 16;
	char *text = malloc(size);
	assert_non_null(text);
	size_t used = (size_t)snprintf(text, size, "first: null\n");
	for (int i = 0; i < KEYS; i++)
		used += (size_t)snprintf(text + used, size - used, "k%d: %d\n", i, i);
	used += (size_t)snprintf(text + used, size - used, "first: again\n");
	open_text(f, text, NULL);
	free(text);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(next_document(f), 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true((t1.tv_sec - t0.tv_sec) < 5);
	assert_value(f, "doc.k99999", "dec:99999");
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = find(f->r, "重复的键“first”");
	assert_int_equal(x->line, KEYS + 2);
}

/* Only the first 100 duplicate keys of a document are reported, each with
 * the line of its first occurrence; then one finding says there are more. */
static void test_duplicate_keys_reported_up_to_a_limit(void **state)
{
	fixture *f = *state;
	enum { KEYS = 3000 };
	size_t size = KEYS * 40;
	char *text = malloc(size);
	assert_non_null(text);
	size_t used = 0;
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < KEYS; i++)
			used += (size_t)snprintf(text + used, size - used, "k%d: %s\n", i, round == 1 ? "~" : "1");
	open_text(f, text, NULL);
	free(text);
	assert_int_equal(next_document(f), 1);
	assert_int_equal(f->r->finding_count, 101);
	find(f->r, "重复的键“k0”（首次出现在第 1 行）");
	find(f->r, "重复的键“k99”（首次出现在第 100 行）");
	find(f->r, "100");
	assert_value(f, "doc.k5", "dec:1");
}

static void test_syntax_error(void **state)
{
	fixture *f = *state;
	load(f, "pev: 1\nkind: department\nunit: a: b\nyear: 2022\n", NULL);
	assert_value(f, "doc", "nil");
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = find(f->r, "YAML 语法错误");
	assert_string_equal(x->rule, "pev.yaml");
	assert_int_equal(x->severity, SEV_ERROR);
	assert_int_equal(x->line, 3);
	assert_int_equal(x->column, 8);
	/* the stream ends there */
	assert_int_equal(next_document(f), 0);
	assert_false(yload_more(&f->ld));
}

static void test_syntax_error_unclosed_flow(void **state)
{
	fixture *f = *state;
	load(f, "a: [1, 2\nb: 3\n", NULL);
	assert_value(f, "doc", "nil");
	const finding *x = find(f->r, "YAML 语法错误");
	assert_true(x->line >= 2);
	assert_int_equal(next_document(f), 0);
}

static void test_invalid_utf8(void **state)
{
	fixture *f = *state;
	load(f, "pev: 1\nunit: 科技\xff局\n", NULL);
	assert_value(f, "doc", "nil");
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = find(f->r, "无法读取为 UTF-8 文本");
	assert_string_equal(x->rule, "pev.yaml");
	assert_int_equal(x->line, 2);
	/* "unit: 科技" is 8 characters: the bad byte is the 9th */
	assert_int_equal(x->column, 9);
	assert_non_null(strstr(x->message, "字节偏移 19"));
	assert_int_equal(next_document(f), 0);
}

static void test_invalid_utf8_first_line(void **state)
{
	fixture *f = *state;
	load(f, "\xff: 1\n", NULL);
	const finding *x = find(f->r, "UTF-8");
	assert_int_equal(x->line, 1);
	assert_int_equal(x->column, 1);
	assert_value(f, "doc", "nil");
}

static void test_empty_input(void **state)
{
	static const char *const empty[] = { "", "\n\n", "# 只有注释\n", "   \n# x\n" };
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
		fixture *f = *state;
		if (f->open)
			yload_close(&f->ld);
		result_free(f->r);
		f->r = result_new("test.yaml", 0);
		load(f, empty[i], NULL);
		assert_value(f, "doc", "nil");
		if (f->r->finding_count != 1)
			fail_msg("input %zu: %zu findings", i, f->r->finding_count);
		const finding *x = find(f->r, "文件为空");
		assert_string_equal(x->rule, "pev.yaml");
		assert_int_equal(x->severity, SEV_ERROR);
		assert_int_equal(x->line, 1);
		assert_int_equal(next_document(f), 0);
		lua_settop(f->L, 0);
	}
}

static void test_multiple_documents(void **state)
{
	fixture *f = *state;
	open_text(f, "a: 1\n---\na: 2\nb: {c: 3}\n---\na: 3\n...\n", NULL);
	assert_int_equal(next_document(f), 1);
	assert_int_equal(f->ld.documents, 1);
	assert_true(yload_more(&f->ld));
	assert_value(f, "doc.a", "dec:1");
	assert_int_equal(f->pos.count, 2);

	assert_int_equal(next_document(f), 1);
	assert_int_equal(f->ld.documents, 2);
	assert_true(yload_more(&f->ld));
	assert_value(f, "doc.a", "dec:2");
	assert_value(f, "doc.b.c", "dec:3");
	/* positions describe the current document only, from line 3 */
	assert_int_equal(f->pos.count, 4);
	assert_int_equal(node_at(f, "a")->line, 3);
	assert_int_equal(node_at(f, "b.c")->line, 4);

	assert_int_equal(next_document(f), 1);
	assert_int_equal(f->ld.documents, 3);
	assert_false(yload_more(&f->ld));
	assert_value(f, "doc.a", "dec:3");
	assert_int_equal(node_at(f, "a")->line, 6);

	assert_int_equal(next_document(f), 0);
	assert_int_equal(next_document(f), 0);
	assert_int_equal(f->ld.documents, 3);
	assert_no_findings(f->r);
}

static void test_single_document(void **state)
{
	fixture *f = *state;
	open_text(f, "---\na: 1\n", NULL);
	assert_int_equal(next_document(f), 1);
	/* one document and no more: the caller numbers it 0 */
	assert_false(yload_more(&f->ld));
	assert_int_equal(f->ld.documents, 1);
	assert_int_equal(next_document(f), 0);
	assert_no_findings(f->r);
}

static void test_document_after_error_document(void **state)
{
	fixture *f = *state;
	load_limits limits = load_limits_default;
	limits.max_depth = 2;
	open_text(f, "a: {b: {c: 1}}\n---\nd: 4\n", &limits);
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc", "nil");
	find(f->r, "嵌套过深");
	assert_true(yload_more(&f->ld));
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc.d", "dec:4");
	assert_int_equal(f->r->finding_count, 1);
	assert_int_equal(next_document(f), 0);
}

static void test_limit_depth(void **state)
{
	fixture *f = *state;
	load_limits limits = load_limits_default;
	limits.max_depth = 3;
	load(f, "a:\n  b:\n    c: [1]\n", &limits);
	assert_value(f, "doc", "nil");
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = find(f->r, "嵌套过深：超过上限 3 层");
	assert_string_equal(x->rule, "pev.yaml");
	assert_int_equal(x->line, 3);
	assert_int_equal(x->column, 8);
	assert_int_equal(next_document(f), 0);
}

static void test_limit_depth_exactly_reached(void **state)
{
	fixture *f = *state;
	load_limits limits = load_limits_default;
	limits.max_depth = 3;
	load(f, "a:\n  b:\n    c: 1\n", &limits);
	assert_no_findings(f->r);
	assert_value(f, "doc.a.b.c", "dec:1");
}

static void test_limit_depth_default_deep_flow(void **state)
{
	fixture *f = *state;
	/* 10000 nested flow sequences: a finding, no stack overflow */
	enum { DEPTH = 10000 };
	char *text = malloc(2 * DEPTH + 2);
	assert_non_null(text);
	memset(text, '[', DEPTH);
	memset(text + DEPTH, ']', DEPTH);
	text[2 * DEPTH] = '\n';
	text[2 * DEPTH + 1] = '\0';
	open_text(f, text, NULL);
	free(text);
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc", "nil");
	assert_true(f->r->finding_count >= 1);
	/* libyaml has its own nesting limit; either it or ours speaks */
	const finding *x = &f->r->findings[0];
	assert_string_equal(x->rule, "pev.yaml");
	assert_true(strstr(x->message, "嵌套过深") || strstr(x->message, "YAML 语法错误"));
}

/* libyaml takes time quadratic in the depth of flow collections: after the
 * depth limit the loader does not read on through them (200,000 took
 * 87 s) but ends the file, saying from which line nothing is checked.
 * Deep block nesting is skipped as before, to the next document. */
static void test_deep_flow_ends_the_file(void **state)
{
	fixture *f = *state;
	enum { DEPTH = 200000 };
	size_t size = 2 * DEPTH + 256;
	char *text = malloc(size);
	assert_non_null(text);
	size_t used = (size_t)snprintf(text, size, "a: 1\n---\nb: ");
	memset(text + used, '[', DEPTH);
	used += DEPTH;
	memset(text + used, ']', DEPTH);
	used += DEPTH;
	snprintf(text + used, size - used, "\n---\nc: 3\n");
	open_text(f, text, NULL);
	free(text);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc.a", "dec:1");
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc", "nil");
	find(f->r, "嵌套过深");
	const finding *x = find(f->r, "从第 3 行起");
	assert_int_equal(x->line, 3);
	assert_int_equal(next_document(f), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true((t1.tv_sec - t0.tv_sec) < 5);
}

static void test_deep_block_is_skipped(void **state)
{
	fixture *f = *state;
	enum { DEPTH = 20000 };
	size_t size = 2 * DEPTH + 256;
	char *text = malloc(size);
	assert_non_null(text);
	size_t used = (size_t)snprintf(text, size, "b:\n  ");
	for (int i = 0; i < DEPTH; i++)
		used += (size_t)snprintf(text + used, size - used, "- ");
	snprintf(text + used, size - used, "x\n---\nc: 3\n");
	open_text(f, text, NULL);
	free(text);
	assert_int_equal(next_document(f), 1);
	find(f->r, "嵌套过深");
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc.c", "dec:3");
	assert_int_equal(f->r->finding_count, 1);
}

static void test_limit_nodes(void **state)
{
	fixture *f = *state;
	load_limits limits = load_limits_default;
	limits.max_nodes = 5;
	load(f, "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n", &limits);
	assert_value(f, "doc", "nil");
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = find(f->r, "节点过多：超过上限 5 个");
	assert_string_equal(x->rule, "pev.yaml");
	/* the root is the first node: "e"'s value is the sixth */
	assert_int_equal(x->line, 5);
	assert_int_equal(x->column, 4);
}

static void test_limit_nodes_per_document(void **state)
{
	fixture *f = *state;
	load_limits limits = load_limits_default;
	limits.max_nodes = 3;
	open_text(f, "a: 1\nb: 2\n---\nc: 3\nd: 4\n", &limits);
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc.b", "dec:2");
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc.d", "dec:4");
	assert_no_findings(f->r);
}

static void test_limit_aliases(void **state)
{
	fixture *f = *state;
	load_limits limits = load_limits_default;
	limits.max_aliases = 2;
	load(f, "a: &x 1\nb: [*x, *x]\nc: *x\n", &limits);
	assert_value(f, "doc", "nil");
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = find(f->r, "别名（alias）过多：超过上限 2 个");
	assert_int_equal(x->line, 3);
	assert_int_equal(x->column, 4);
}

static void test_limit_scalar_bytes(void **state)
{
	fixture *f = *state;
	load_limits limits = load_limits_default;
	limits.max_scalar_bytes = 8;
	load(f, "short: 12345678\nlong: 123456789\n", &limits);
	assert_value(f, "doc", "nil");
	assert_int_equal(f->r->finding_count, 1);
	const finding *x = find(f->r, "标量过长：超过上限 8 字节");
	assert_int_equal(x->line, 2);
	assert_int_equal(x->column, 7);
}

static void test_limit_scalar_bytes_in_keys(void **state)
{
	/* BUG: the max_scalar_bytes limit is checked only for values
	 * (handle_value); a key is a scalar too, but take_key copies it into
	 * Lua, a malloc'd buffer and the key arena whatever its length.
	 * Suggested fix: the same check at the top of take_key.  Remove the
	 * skip() once fixed. */
	fixture *f = *state;
	load_limits limits = load_limits_default;
	limits.max_scalar_bytes = 8;
	load(f, "a: 1\nkey_that_is_long: 2\n", &limits);
	const finding *x = find(f->r, "键过长：超过上限 8 字节");
	assert_int_equal(x->line, 2);
	assert_int_equal(x->column, 1);
	assert_value(f, "doc", "nil");
}

static void test_alias_that_contains_itself(void **state)
{
	/* A node that contains itself would make every walk of the report
	 * endless: the loader refuses it at the alias. */
	fixture *f = *state;
	load(f, "a:\n  - &x {name: x, children: [*x]}\n", NULL);
	const finding *x = find(f->r, "循环引用");
	assert_int_equal(x->line, 2);
}

static void test_anchors_and_aliases(void **state)
{
	fixture *f = *state;
	load(f,
	     "base: &b {x: 1, y: [2, 3]}\n"
	     "copy: *b\n"
	     "score: &s 45.07\n"
	     "again: *s\n"
	     "words: &w 达成\n"
	     "list: [*w, *s]\n",
	     NULL);
	assert_no_findings(f->r);
	assert_value(f, "doc.copy.x", "dec:1");
	assert_value(f, "doc.copy.y[2]", "dec:3");
	/* an alias is the same table, not a copy */
	assert_value(f, "doc.copy == doc.base", "true");
	assert_value(f, "doc.again", "dec:45.07");
	assert_value(f, "doc.list[1]", "str:达成");
	assert_value(f, "doc.list[2]", "dec:45.07");
	/* the alias has its own position */
	assert_int_equal(node_at(f, "copy")->line, 2);
	assert_int_equal(node_at(f, "list[0]")->line, 6);
	assert_int_equal(node_at(f, "list[0]")->column, 8);
	assert_int_equal(node_at(f, "list[1]")->column, 12);
}

static void test_aliases_share_tables(void **state)
{
	fixture *f = *state;
	/* aliases share tables: nothing is copied */
	load(f,
	     "a: &a [x, x, x, x, x, x, x, x, x]\n"
	     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
	     NULL);
	assert_no_findings(f->r);
	assert_value(f, "doc.c[9][9][9]", "str:x");
	assert_int_equal(f->pos.count, 1 + 3 * 10);
}

static void test_alias_bomb_is_refused(void **state)
{
	fixture *f = *state;
	/* "billion laughs": 9^9 nodes once expanded, which any walk of the
	 * report would meet; refused where the count passes the limit */
	load(f,
	     "a: &a [x, x, x, x, x, x, x, x, x]\n"
	     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	     "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	     "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	     "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	     "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
	     NULL);
	const finding *x = find(f->r, "别名（alias）展开后节点过多");
	assert_string_equal(x->rule, "pev.yaml");
	assert_in_range(x->line, 6, 7);
}

static void test_undefined_alias(void **state)
{
	fixture *f = *state;
	load(f, "a: 1\nb: *nowhere\n", NULL);
	const finding *x = find(f->r, "未定义的锚点 *nowhere");
	assert_string_equal(x->rule, "pev.yaml");
	assert_int_equal(x->line, 2);
	assert_int_equal(x->column, 4);
	assert_value(f, "doc.a", "dec:1");
	assert_value(f, "doc.b", "nil");
}

static void test_anchors_do_not_cross_documents(void **state)
{
	fixture *f = *state;
	open_text(f, "a: &x 1\n---\nb: *x\n", NULL);
	assert_int_equal(next_document(f), 1);
	assert_no_findings(f->r);
	assert_int_equal(next_document(f), 1);
	const finding *x = find(f->r, "未定义的锚点 *x");
	assert_int_equal(x->line, 3);
	assert_value(f, "doc.b", "nil");
}

static void test_non_scalar_key(void **state)
{
	fixture *f = *state;
	load(f, "a: 1\n? [x, y]\n: 2\n", NULL);
	assert_value(f, "doc", "nil");
	const finding *x = find(f->r, "键必须是文字或数字");
	assert_string_equal(x->rule, "pev.yaml");
	assert_int_equal(x->line, 2);
	assert_int_equal(x->column, 3);
}

static void test_memory_ceiling_is_a_finding(void **state)
{
	fixture *f = *state;
	/* A sandbox state whose whole memory is small: building runs out of
	 * it, and that is a finding, not an abort. */
	sandbox_limits small = sandbox_limits_default;
	small.memory_bytes = 512u << 10;
	lua_State *L = sandbox_new(&small);
	assert_non_null(L);
	enum { ITEMS = 40000 };
	size_t size = 16 + ITEMS * 16;
	char *text = malloc(size);
	assert_non_null(text);
	size_t used = (size_t)snprintf(text, size, "items:\n");
	for (int i = 0; i < ITEMS; i++)
		used += (size_t)snprintf(text + used, size - used, "  - t%d\n", i);
	open_text(f, text, NULL);
	free(text);
	int top = lua_gettop(L);
	assert_int_equal(yload_next(&f->ld, L, &f->pos, f->r), 1);
	assert_int_equal(lua_gettop(L), top + 1);
	assert_true(lua_isnil(L, -1));
	const finding *x = find(f->r, "无法载入文档");
	assert_non_null(strstr(x->message, "超出内存上限"));
	assert_int_equal(yload_next(&f->ld, L, &f->pos, f->r), 0);
	sandbox_close(L);
}

/* A document that does not fit in memory is a finding, and the documents
 * after it are still loaded (a full state once made the rest of a file
 * vanish without a word). */
static void test_documents_after_a_memory_failure(void **state)
{
	fixture *f = *state;
	sandbox_limits small = sandbox_limits_default;
	small.memory_bytes = 512u << 10;
	lua_State *L = sandbox_new(&small);
	assert_non_null(L);
	enum { ITEMS = 40000 };
	size_t size = 64 + ITEMS * 16;
	char *text = malloc(size);
	assert_non_null(text);
	size_t used = (size_t)snprintf(text, size, "a: 1\n---\nitems:\n");
	for (int i = 0; i < ITEMS; i++)
		used += (size_t)snprintf(text + used, size - used, "  - t%d\n", i);
	snprintf(text + used, size - used, "---\nc: 3\n");
	open_text(f, text, NULL);
	free(text);
	for (int doc = 1; doc <= 3; doc++) {
		lua_gc(L, LUA_GCCOLLECT);
		assert_int_equal(yload_next(&f->ld, L, &f->pos, f->r), 1);
		if (doc == 2) {
			assert_true(lua_isnil(L, -1));
			find(f->r, "超出内存上限");
		} else {
			assert_true(lua_istable(L, -1));
		}
		lua_pop(L, 1);
	}
	assert_int_equal(yload_next(&f->ld, L, &f->pos, f->r), 0);
	assert_int_equal(f->r->finding_count, 1);
	sandbox_close(L);
}

static void test_sandbox_state_loads(void **state)
{
	fixture *f = *state;
	lua_State *L = sandbox_new(NULL);
	assert_non_null(L);
	open_text(f, "pev: 1\nscore: 45.07\n", NULL);
	assert_int_equal(yload_next(&f->ld, L, &f->pos, f->r), 1);
	lua_getfield(L, -1, "score");
	decimal d;
	assert_true(ldec_is(L, -1, &d));
	assert_int_equal(d.mant, 4507);
	assert_int_equal(d.scale, 2);
	lua_pop(L, 2);
	assert_no_findings(f->r);
	sandbox_close(L);
}

static void test_open_missing_file(void **state)
{
	(void)state;
	yload ld;
	char why[256] = "";
	assert_int_equal(yload_open(&ld, "/nonexistent/pevcheck/x.yaml", NULL, why,
	                                  sizeof why),
	                 -1);
	assert_non_null(strstr(why, "无法读取文件"));
	assert_int_equal(yload_open(&ld, "/", NULL, why, sizeof why), -1);
	assert_string_equal(why, "不是普通文件");
}

static void test_open_file_size_limit(void **state)
{
	fixture *f = *state;
	char path[] = "/tmp/pevcheck-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *out = fdopen(fd, "w");
	assert_non_null(out);
	fputs("pev: 1\nunit: 测试\n", out);
	fclose(out);

	load_limits limits = load_limits_default;
	limits.max_file_bytes = 8;
	char why[256] = "";
	yload ld;
	int status = yload_open(&ld, path, &limits, why, sizeof why);
	assert_int_equal(status, -1);
	assert_non_null(strstr(why, "文件过大"));

	status = yload_open(&f->ld, path, NULL, why, sizeof why);
	unlink(path);
	assert_int_equal(status, 0);
	f->open = true;
	assert_int_equal(next_document(f), 1);
	assert_value(f, "doc.unit", "str:测试");
}

int main(void)
{
	/* The messages these tests expect are the Chinese ones (po/zh_CN.po). */
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	setenv("LANGUAGE", "zh_CN", 1);
	i18n_init();
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_scalars),
		T(test_keys_are_strings),
		T(test_mappings_and_sequences),
		T(test_root_shapes),
		T(test_hidden_node_key),
		T(test_positions_of_keys),
		T(test_duplicate_key),
		T(test_empty_key),
		T(test_same_key_in_different_mappings),
		T(test_duplicate_key_after_null),
		T(test_many_keys_after_null),
		T(test_duplicate_keys_reported_up_to_a_limit),
		T(test_syntax_error),
		T(test_syntax_error_unclosed_flow),
		T(test_invalid_utf8),
		T(test_invalid_utf8_first_line),
		T(test_empty_input),
		T(test_multiple_documents),
		T(test_single_document),
		T(test_document_after_error_document),
		T(test_limit_depth),
		T(test_limit_depth_exactly_reached),
		T(test_limit_depth_default_deep_flow),
		T(test_deep_flow_ends_the_file),
		T(test_deep_block_is_skipped),
		T(test_limit_nodes),
		T(test_limit_nodes_per_document),
		T(test_limit_aliases),
		T(test_limit_scalar_bytes),
		T(test_limit_scalar_bytes_in_keys),
		T(test_anchors_and_aliases),
		T(test_alias_that_contains_itself),
		T(test_aliases_share_tables),
		T(test_alias_bomb_is_refused),
		T(test_undefined_alias),
		T(test_anchors_do_not_cross_documents),
		T(test_non_scalar_key),
		T(test_memory_ceiling_is_a_finding),
		T(test_documents_after_a_memory_failure),
		T(test_sandbox_state_loads),
		T(test_open_missing_file),
		T(test_open_file_size_limit),
	};
#undef T
	return cmocka_run_group_tests_name("yaml_load", tests, NULL, NULL);
}

/*
 * model_report — see model_report.h.
 */
#include "model_report.h"

#include <lauxlib.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "rules_decimal.h"
#include "model_fields.h"
#include "model_number.h"
#include "load_yaml.h"
#include "base_i18n.h"

typedef struct model_ctx {
	lua_State *L;
	const pos_tree *pos;
	doc_result *r;
	int currency_exp; /* the report's currency, as a power of ten in 元 */
	const char *currency;
} model_ctx;

void model_locate(const pos_tree *pos, int32_t node, const char *field, char *path,
                  size_t path_size, int *line, int *column)
{
	*line = *column = 0;
	if (path_size)
		path[0] = '\0';
	if (!pos || node < 0 || (size_t)node >= pos->count)
		return;
	int32_t at = node;
	if (field) {
		int32_t child = pos_child_key(pos, node, field, strlen(field));
		if (child >= 0)
			at = child;
	}
	size_t n = pos_path(pos, at, path, path_size);
	if (field && at == node && n + 1 < path_size)
		snprintf(path + n, path_size - n, "%s%s", n ? "." : "", field);
	*line = (int)pos->nodes[at].line;
	*column = (int)pos->nodes[at].column;
}

int32_t model_node_of(lua_State *L, int index)
{
	if (lua_type(L, index) != LUA_TTABLE)
		return -1;
	lua_pushlightuserdata(L, (void *)&yload_node_key);
	lua_rawget(L, index < 0 ? index - 1 : index);
	int32_t id = lua_isinteger(L, -1) ? (int32_t)lua_tointeger(L, -1) : -1;
	lua_pop(L, 1);
	return id;
}

static finding *problem(model_ctx *c, int32_t node, const char *field, enum severity sev,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static finding *problem_as(model_ctx *c, const char *rule, int32_t node, const char *field,
                           enum severity sev, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

static finding *problem_as(model_ctx *c, const char *rule, int32_t node, const char *field,
                           enum severity sev, const char *fmt, va_list ap)
{
	char path[512], msg[1024];
	int line, column;
	model_locate(c->pos, node, field, path, sizeof path, &line, &column);
	vsnprintf(msg, sizeof msg, fmt, ap);
	return result_add(c->r, rule, sev, msg, path, line, column);
}

static finding *problem(model_ctx *c, int32_t node, const char *field, enum severity sev,
                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	finding *f = problem_as(c, RULE_FORMAT, node, field, sev, fmt, ap);
	va_end(ap);
	return f;
}

static finding *problem_rule(model_ctx *c, const char *rule, int32_t node, const char *field,
                             enum severity sev, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static finding *problem_rule(model_ctx *c, const char *rule, int32_t node, const char *field,
                             enum severity sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	finding *f = problem_as(c, rule, node, field, sev, fmt, ap);
	va_end(ap);
	return f;
}

static const char *tr(const char *label);

/* A required field the report leaves out, shown as `shown` (budget.planned):
 * in a data file a format error; in a report read from a form a warning
 * that the form does not show it (the preparer cannot add a row to the
 * form, and each rule that needs the value says it could not check). */
static void missing(model_ctx *c, int32_t node, const char *key, const char *shown, const char *label)
{
	if (c->r->from_form)
		problem_rule(c, RULE_FORM, node, key, SEV_WARNING,
		             _("the form does not show %s (%s): the rules that need it cannot check it"), shown, label);
	else
		problem(c, node, key, SEV_ERROR, _("missing required field %s (%s)"), shown, label);
}

static void problem_blank(model_ctx *c, int32_t node, const char *field, const char *label)
{
	/* TRANSLATORS: a field of the form, such as 得分 or 全年预算数. */
	problem_rule(c, RULE_BLANK, node, field, SEV_WARNING, _("%s is not filled in (the cell is empty)"), tr(label));
}

/* Push t[key] (raw); t at absolute index. */
static int get(lua_State *L, int t, const char *key)
{
	lua_pushstring(L, key);
	return lua_rawget(L, t);
}

static void set_nil(lua_State *L, int t, const char *key)
{
	lua_pushstring(L, key);
	lua_pushnil(L);
	lua_rawset(L, t);
}

static const char *type_name_zh(lua_State *L, int index)
{
	switch (lua_type(L, index)) {
	case LUA_TNIL: return _("null");
	case LUA_TBOOLEAN: return _("a boolean");
	case LUA_TSTRING: return _("text");
	case LUA_TTABLE: return _("a mapping or a list");
	default: return ldec_is(L, index, NULL) ? _("a number") : _("another kind of value");
	}
}

/* A field's label, translated only when a message needs it (labels are
 * passed as msgids: translating every one up front cost more than the
 * model itself).  Some labels are the report's own keys: "" stays "". */
static const char *tr(const char *label)
{
	return *label ? _(label) : label;
}

/* Is t[key] written in the file but empty ("score:" or "score: ~")?  That
 * is how a form's blank cell is recorded, distinct from a key not written. */
static bool is_blank(model_ctx *c, int t, const char *key)
{
	lua_State *L = c->L;
	int type = get(L, t, key);
	lua_pop(L, 1);
	if (type != LUA_TNIL)
		return false;
	int32_t node = model_node_of(L, t);
	return node >= 0 && pos_child_key(c->pos, node, key, strlen(key)) >= 0;
}

/* A blank cell: one finding, counted, and t.blank[key] = true for rules.
 * Returns whether t[key] was blank. */
static bool note_blank(model_ctx *c, int t, const char *key, const char *label)
{
	if (!is_blank(c, t, key))
		return false;
	lua_State *L = c->L;
	problem_blank(c, model_node_of(L, t), key, label);
	c->r->blank_count++;
	if (get(L, t, "blank") != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushliteral(L, "blank");
		lua_pushvalue(L, -2);
		lua_rawset(L, t);
	}
	lua_pushstring(L, key);
	lua_pushboolean(L, 1);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	return true;
}

/* Warn about keys a table should not have: a misspelt key is otherwise
 * silently ignored, and the check it feeds never runs. */
static void check_keys(model_ctx *c, int t, const char *where, const char *const *known)
{
	lua_State *L = c->L;
	int32_t node = model_node_of(L, t);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue;
		const char *k = lua_tostring(L, -1);
		bool ok = strncmp(k, "x-", 2) == 0;
		for (const char *const *p = known; !ok && *p; p++)
			ok = strcmp(k, *p) == 0;
		if (!ok)
			problem(c, node, k, SEV_WARNING, _("unknown field '%2$s' in %1$s (a typo?)"), tr(where), k);
	}
}

/* check_keys over a table of the report format, which is then tagged with
 * its fields, so that a rule reading a field it cannot have is told so
 * (model_fields.h). */
static void check_fields(model_ctx *c, int t, const char *where, const model_fields *f)
{
	check_keys(c, t, where, f->written);
	model_fields_tag(c->L, t, f);
}

enum number_kind { NUM_MONEY, NUM_SCORE, NUM_PERCENT, NUM_COUNT };

enum { NUMBER_BLANK = -2 };

/*
 * Normalise t[key] to a Decimal of the given kind.  Absent stays absent.
 * Returns 1 when a number is there now, 0 when absent, NUMBER_BLANK when
 * written empty (reported once as a blank cell), -1 when it was not a
 * number (reported, and the field is set to nil).
 */
static int normalize_number(model_ctx *c, int t, const char *key, enum number_kind kind,
                            const char *label)
{
	lua_State *L = c->L;
	int type = get(L, t, key);
	int32_t node = model_node_of(L, t);
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return note_blank(c, t, key, label) ? NUMBER_BLANK : 0;
	}
	decimal d;
	if (ldec_is(L, -1, &d)) {
		lua_pop(L, 1);
		return 1;
	}
	if (type != LUA_TSTRING) {
		problem(c, node, key, SEV_ERROR, _("%s should be a number, not %s"), tr(label), type_name_zh(L, -1));
		lua_pop(L, 1);
		set_nil(L, t, key);
		return -1;
	}
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	printed_number pn;
	if (!number_parse(s, len, &pn)) {
		problem(c, node, key, SEV_ERROR, _("%s should be a number, not the text '%.*s'"), tr(label),
		        (int)(len > 80 ? 80 : len), s);
		lua_pop(L, 1);
		set_nil(L, t, key);
		return -1;
	}
	lua_pop(L, 1);
	const char *why = NULL;
	switch (kind) {
	case NUM_MONEY:
		if (pn.currency_exp >= 0) {
			if (!number_convert_currency(pn.value, pn.currency_exp, c->currency_exp, &d))
				why = _("the value is out of range");
		} else if (pn.unit[0]) {
			why = _("the unit is not a currency");
		} else {
			d = pn.value;
		}
		break;
	case NUM_PERCENT:
		if (pn.unit[0] && !pn.percent)
			why = _("should be a percentage");
		d = pn.value;
		break;
	case NUM_SCORE:
		if (pn.unit[0] && strcmp(pn.unit, "分") != 0)
			why = _("the only unit of a score is 分");
		d = pn.value;
		break;
	case NUM_COUNT:
		d = pn.value;
		break;
	}
	if (why) {
		/* TRANSLATORS: a field's label, its value, what is wrong with it. */
		problem(c, node, key, SEV_ERROR, _("%s '%s': %s"), tr(label), s, why);
		set_nil(L, t, key);
		return -1;
	}
	lua_pushstring(L, key);
	ldec_push(L, d);
	lua_rawset(L, t);
	return 1;
}

/* Require t[key] to be a non-empty string.  Returns it (valid while t is
 * alive) or NULL, reporting when required. */
static const char *need_string(model_ctx *c, int t, const char *key, bool required,
                               const char *label)
{
	lua_State *L = c->L;
	int type = get(L, t, key);
	int32_t node = model_node_of(L, t);
	const char *s = NULL;
	if (type == LUA_TSTRING) {
		s = lua_tostring(L, -1);
		if (!*s)
			s = NULL;
	} else if (ldec_is(L, -1, NULL)) {
		/* A name like 2022 is a string that happens to look numeric. */
		s = luaL_tolstring(L, -1, NULL);
		lua_pushstring(L, key);
		lua_pushvalue(L, -2);
		lua_rawset(L, t);
		lua_pop(L, 1);
		lua_pushstring(L, key);
		lua_rawget(L, t);
		lua_replace(L, -2);
		s = lua_tostring(L, -1);
	}
	lua_pop(L, 1);
	if (type == LUA_TNIL && note_blank(c, t, key, label))
		return NULL;
	if (!s && type == LUA_TNIL && required)
		missing(c, node, key, key, tr(label));
	else if (!s && type != LUA_TNIL)
		problem(c, node, key, SEV_ERROR, _("%s (%s) should be non-empty text"), key, tr(label));
	return s; /* still referenced by t */
}

/* A required field of the report's heading (kind, unit, year ...) written
 * empty ("kind: ~"): not a blank cell of a form's table but a report that
 * does not say what it is; an error, as if it were missing.  True when so. */
static bool heading_blank(model_ctx *c, int root, const char *key, const char *label)
{
	if (!is_blank(c, root, key))
		return false;
	/* a form's 填报单位 cell left empty is a blank cell like any other:
	 * the preparer fills the form, the rules still run */
	if (c->r->from_form && note_blank(c, root, key, label))
		return true;
	problem(c, model_node_of(c->L, root), key, SEV_ERROR,
	        _("required field %s (%s) is empty; only the cells of the report's tables may be left blank"), key,
	        tr(label));
	return true;
}

static const char *need_heading_text(model_ctx *c, int root, const char *key, bool required,
                                     const char *label)
{
	if (required && heading_blank(c, root, key, label))
		return NULL;
	return need_string(c, root, key, required, label);
}

/* t[key] as a whole number: replaced by a Lua integer. */
static bool need_integer(model_ctx *c, int t, const char *key, const char *label, long *out)
{
	lua_State *L = c->L;
	int type = get(L, t, key);
	int32_t node = model_node_of(L, t);
	decimal d;
	bool ok = ldec_is(L, -1, &d) && d.scale == 0;
	lua_pop(L, 1);
	if (!ok) {
		if (type == LUA_TNIL)
			missing(c, node, key, key, tr(label));
		else
			problem(c, node, key, SEV_ERROR, _("%s (%s) should be an integer"), key, tr(label));
		return false;
	}
	*out = (long)d.mant;
	lua_pushstring(L, key);
	lua_pushinteger(L, d.mant);
	lua_rawset(L, t);
	return true;
}

/* t[key] must be a table (mapping or list) or absent; returns its absolute
 * index on the stack (pushed) or 0 (nothing pushed). */
static int open_table(model_ctx *c, int t, const char *key, bool required, const char *label)
{
	lua_State *L = c->L;
	int type = get(L, t, key);
	if (type == LUA_TTABLE)
		return lua_gettop(L);
	int32_t node = model_node_of(L, t);
	if (type == LUA_TNIL && required && c->r->from_form)
		missing(c, node, key, key, tr(label)); /* a warning, as for any field a form does not show */
	else if (type != LUA_TNIL || required)
		problem(c, node, key, SEV_ERROR,
		        type == LUA_TNIL ? _("missing required section %s (%s)")
		                         : _("%s (%s) should be a mapping or a list"),
		        key, tr(label));
	lua_pop(L, 1);
	return 0;
}

/* The 自评表's 项目资金 rows: each source of funds with its three columns
 * and, on the total row, 分值 / 执行率 / 得分 as printed. */
static const struct {
	const char *key, *label;
} fund_rows[] = {
	{ "total", N_("total funds of the year") },
	{ "fiscal", N_("of which: fiscal appropriation of the year") },
	{ "carried", N_("funds carried over from last year") },
	{ "other", N_("other funds") },
	/* Provincial forms of the budget system (Sichuan's 510000_0013zp)
	 * split 其他资金 further; without rows for them the sources could not
	 * add up to the total. */
	{ "special_account", N_("funds managed in the fiscal special account") },
	{ "unit_funds", N_("the unit's own funds") },
};

static void model_funds(model_ctx *c, int b)
{
	lua_State *L = c->L;
	int f = open_table(c, b, "funds", false, N_("project funds by source"));
	if (!f)
		return;
	check_fields(c, f, N_("project funds"), &model_fields_funds);
	static const struct {
		const char *key, *label;
		enum number_kind kind;
	} columns[] = {
		{ "initial", N_("budget at the start of the year"), NUM_MONEY },
		{ "planned", N_("full-year budget"), NUM_MONEY },
		{ "executed", N_("full-year expenditure"), NUM_MONEY },
		{ "max", N_("maximum score"), NUM_SCORE },
		{ "rate", N_("execution rate"), NUM_PERCENT },
		{ "score", N_("score"), NUM_SCORE },
	};
	for (size_t r = 0; r < sizeof fund_rows / sizeof *fund_rows; r++) {
		int row = open_table(c, f, fund_rows[r].key, false, fund_rows[r].label);
		if (!row)
			continue;
		check_fields(c, row, fund_rows[r].label, &model_fields_funds_row);
		/* A source row left empty in all three money columns is a source
		 * the project has no funds from (上年结转资金 of a new project),
		 * not three cells to fill in. */
		bool empty = r > 0 && is_blank(c, row, "initial") && is_blank(c, row, "planned") &&
		             is_blank(c, row, "executed");
		for (size_t k = 0; k < sizeof columns / sizeof *columns && !empty; k++) {
			char label[256];
			/* TRANSLATORS: a row of the form's funds block, then a column. */
			snprintf(label, sizeof label, _("%s, %s"), _(fund_rows[r].label), _(columns[k].label));
			normalize_number(c, row, columns[k].key, columns[k].kind, label);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* The sum of column `key` over the source rows of the funds table at
 * `funds`; false when no row has it. */
static bool funds_rows_sum(lua_State *L, int funds, const char *key, decimal *sum)
{
	bool any = false;
	*sum = dec_from_int(0);
	for (size_t r = 1; r < sizeof fund_rows / sizeof *fund_rows; r++) {
		decimal v;
		if (get(L, funds, fund_rows[r].key) == LUA_TTABLE) {
			get(L, lua_gettop(L), key);
			if (ldec_is(L, -1, &v) && dec_add(*sum, v, sum))
				any = true;
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	return any;
}

/* budget.KEY defaults to budget.funds.total.KEY when the report prints the
 * funds block rather than the totals (the 自评表 does).  A total row printed
 * 0 while its rows hold amounts (a form whose sum formula never ran) is
 * not a total: the rows' sum stands for it, and budget.funds-sum reports
 * the row. */
static void default_from_funds(model_ctx *c, int b, const char *key)
{
	lua_State *L = c->L;
	int top = lua_gettop(L);
	bool absent = get(L, b, key) == LUA_TNIL && !is_blank(c, b, key);
	if (absent && get(L, b, "funds") == LUA_TTABLE) {
		int funds = lua_gettop(L);
		decimal total, rows;
		if (get(L, funds, "total") == LUA_TTABLE && get(L, funds + 1, key) != LUA_TNIL &&
		    ldec_is(L, -1, &total)) {
			if (dec_is_zero(total) && funds_rows_sum(L, funds, key, &rows) && !dec_is_zero(rows))
				ldec_push(L, rows);
			else
				lua_pushvalue(L, -1);
			lua_pushstring(L, key);
			lua_insert(L, -2);
			lua_rawset(L, b);
		}
	}
	lua_settop(L, top);
}

/* budget.currency, checked, and written back so rules read the currency
 * the amounts are in whether or not the report wrote it. */
static void model_currency(model_ctx *c, int b)
{
	lua_State *L = c->L;
	c->currency = "万元";
	c->currency_exp = 4;
	if (get(L, b, "currency") != LUA_TNIL) {
		const char *cur = lua_tostring(L, -1);
		int e = cur ? number_currency_exp(cur) : -1;
		if (e < 0) {
			problem(c, model_node_of(L, b), "currency", SEV_ERROR,
			        _("budget.currency should be a currency unit (元, 千元, 万元, 百万元 or 亿元)"));
		} else {
			c->currency_exp = e;
			c->currency = e == 4 ? "万元" : e == 0 ? "元" : e == 3 ? "千元" : e == 6 ? "百万元" : "亿元";
		}
	}
	lua_pop(L, 1);
	lua_pushliteral(L, "currency");
	lua_pushstring(L, c->currency);
	lua_rawset(L, b);
}

/* The amounts of the budget section: the totals (from the funds block when
 * the report prints one), the rate, and what the sources and nature
 * breakdowns hold. */
static void model_amounts(model_ctx *c, int b)
{
	lua_State *L = c->L;
	static const char *const from_funds[] = { "initial", "planned", "executed" };
	for (size_t i = 0; i < 3; i++)
		default_from_funds(c, b, from_funds[i]);
	static const struct { const char *key, *label; bool required; } money[] = {
		{ "initial", N_("budget at the start of the year"), false },
		{ "planned", N_("full-year budget"), true },
		{ "executed", N_("full-year expenditure"), true },
		{ "carryover", N_("carryover and balance at year end"), false },
		{ "returned", N_("amounts returned to the treasury"), false },
		{ "opening_balance", N_("carryover and balance at the start of the year"), false },
		{ "received", N_("funds received"), false },
	};
	/* With a funds block the totals come from it, and its blank cells
	 * are reported there. */
	bool has_funds = get(L, b, "funds") != LUA_TNIL;
	lua_pop(L, 1);
	for (size_t i = 0; i < sizeof money / sizeof *money; i++)
		if (normalize_number(c, b, money[i].key, NUM_MONEY, money[i].label) == 0 &&
		    money[i].required && !has_funds)
		{
			char shown[64];
			snprintf(shown, sizeof shown, "budget.%s", money[i].key);
			missing(c, model_node_of(L, b), money[i].key, shown, _(money[i].label));
		}
	normalize_number(c, b, "execution_rate", NUM_PERCENT, N_("budget execution rate"));
	static const char *const parts[] = { "sources", "nature" };
	for (size_t i = 0; i < 2; i++) {
		int t = open_table(c, b, parts[i], false, i ? N_("by nature of expenditure") : N_("by source of funds"));
		if (!t)
			continue;
		lua_pushnil(L);
		while (lua_next(L, t)) {
			lua_pop(L, 1);
			if (lua_type(L, -1) == LUA_TSTRING) {
				const char *k = lua_tostring(L, -1);
				normalize_number(c, t, k, NUM_MONEY, k);
			}
		}
		lua_pop(L, 1);
	}
}

void model_budget_rate(budget_summary *s, bool with_opening_balance, bool by_received)
{
	const bool *has = s->has;
	const decimal *v = s->value;
	decimal base = v[BUDGET_PLANNED], scaled;
	bool ok = has[BUDGET_PLANNED];
	s->rate_base = RATE_BASE_PLANNED;
	s->rate_base_missing = false;
	if (with_opening_balance) {
		s->rate_base = RATE_BASE_OPENING_BALANCE;
		s->rate_base_missing = !has[BUDGET_OPENING_BALANCE];
		ok = ok && has[BUDGET_OPENING_BALANCE] && dec_add(base, v[BUDGET_OPENING_BALANCE], &base);
	} else if (by_received && has[BUDGET_RECEIVED]) {
		s->rate_base = RATE_BASE_RECEIVED;
		base = v[BUDGET_RECEIVED];
		ok = true;
	}
	s->has_rate_computed = ok && has[BUDGET_EXECUTED] && !dec_is_zero(base) &&
	                       dec_shift(v[BUDGET_EXECUTED], 2, &scaled) && dec_div(scaled, base, 2, &s->rate_computed);
}

/* What printers show of the budget, with the rate computed from the exact
 * amounts (over the full-year budget until the framework is known). */
static void summarize_budget(model_ctx *c, int b)
{
	lua_State *L = c->L;
	budget_summary *s = &c->r->budget;
	s->present = true;
	snprintf(s->currency, sizeof s->currency, "%s", c->currency);
	for (int f = 0; f < BUDGET_FIELDS; f++) {
		get(L, b, budget_field_keys[f]);
		s->has[f] = ldec_is(L, -1, &s->value[f]);
		lua_pop(L, 1);
		s->blank[f] = !s->has[f] && is_blank(c, b, budget_field_keys[f]);
	}
	model_budget_rate(s, false, false);
	int column;
	char where[64];
	model_locate(c->pos, model_node_of(L, b), NULL, where, sizeof where, &s->line, &column);
}

static void model_items(model_ctx *c, int b)
{
	lua_State *L = c->L;
	int type = get(L, b, "items_partial");
	lua_pop(L, 1);
	if (type != LUA_TNIL && type != LUA_TBOOLEAN)
		problem(c, model_node_of(L, b), "items_partial", SEV_ERROR,
		        _("budget.items_partial should be true (the items list only some items) or false"));
	int items = open_table(c, b, "items", false, N_("budget items"));
	if (!items)
		return;
	lua_Integer n = (lua_Integer)lua_rawlen(L, items);
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, items, i) == LUA_TTABLE) {
			int it = lua_gettop(L);
			check_fields(c, it, N_("budget items"), &model_fields_items);
			need_string(c, it, "name", true, N_("project name"));
			normalize_number(c, it, "initial", NUM_MONEY, N_("budget at the start of the year"));
			normalize_number(c, it, "planned", NUM_MONEY, N_("budgeted amount"));
			normalize_number(c, it, "executed", NUM_MONEY, N_("amount spent"));
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void model_budget(model_ctx *c, int root)
{
	lua_State *L = c->L;
	int b = open_table(c, root, "budget", true, N_("budget execution"));
	if (!b)
		return;
	/* TRANSLATORS: where an unknown field was found: the budget section. */
	check_fields(c, b, N_("budget"), &model_fields_budget);
	model_currency(c, b);
	model_funds(c, b);
	model_amounts(c, b);
	need_string(c, b, "adjustment_reason", false, N_("reason for the budget adjustment"));
	summarize_budget(c, b);
	model_items(c, b);
	lua_pop(L, 1);
}

static indicator_score *add_indicator(doc_result *r)
{
	r->indicators = xrealloc(r->indicators, (r->indicator_count + 1) * sizeof *r->indicators);
	indicator_score *s;
	s = &r->indicators[r->indicator_count++];
	memset(s, 0, sizeof *s);
	return s;
}

static void model_claimed_deductions(model_ctx *c, int ind, size_t slot)
{
	lua_State *L = c->L;
	int list = open_table(c, ind, "deductions", false, N_("deductions"));
	if (!list)
		return;
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, list, i) != LUA_TTABLE) {
			lua_pop(L, 1);
			continue;
		}
		int d = lua_gettop(L);
		check_fields(c, d, N_("deductions"), &model_fields_deductions);
		normalize_number(c, d, "points", NUM_SCORE, N_("points deducted"));
		indicator_score *s = &c->r->indicators[slot];
		deduction *grown = xrealloc(s->claimed_deductions,
		                            (s->claimed_deduction_count + 1) * sizeof *grown);
		s->claimed_deductions = grown;
		deduction *x = &grown[s->claimed_deduction_count++];
		memset(x, 0, sizeof *x);
		get(L, d, "points");
		x->has_points = ldec_is(L, -1, &x->points);
		lua_pop(L, 1);
		get(L, d, "reason");
		x->reason = lua_type(L, -1) == LUA_TSTRING ? xstrdup(lua_tostring(L, -1)) : NULL;
		lua_pop(L, 1);
		get(L, d, "fix");
		x->fix = lua_type(L, -1) == LUA_TSTRING ? xstrdup(lua_tostring(L, -1)) : NULL;
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
}

/* Walk an indicators list, appending to the result in pre-order. */
#define INDICATOR_DEPTH_MAX 32

static void model_indicators(model_ctx *c, int list, const char *parent_path, int depth)
{
	lua_State *L = c->L;
	if (depth > INDICATOR_DEPTH_MAX) {
		/* Deeper than any scoring table; also where an alias that
		 * contains itself (&a ... *a) would recurse for ever. */
		problem(c, model_node_of(L, list), NULL, SEV_ERROR,
		        _("the indicator tree is more than %d levels deep (an alias that refers to itself?)"), INDICATOR_DEPTH_MAX);
		return;
	}
	luaL_checkstack(L, 10, NULL);
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, list, i) != LUA_TTABLE) {
			problem(c, model_node_of(L, list), NULL, SEV_ERROR, _("indicator %lld should be a mapping"),
			        (long long)i);
			lua_pop(L, 1);
			continue;
		}
		int ind = lua_gettop(L);
		int32_t node = model_node_of(L, ind);
		check_fields(c, ind, N_("indicator"), &model_fields_indicators);
		const char *name = need_string(c, ind, "name", true, N_("indicator name"));
		if (!name)
			name = "?";
		if (strchr(name, '/'))
			problem(c, node, "name", SEV_WARNING, _("indicator name '%s' contains '/', which would be confused with the separator of indicator paths"),
			        name);
		normalize_number(c, ind, "max", NUM_SCORE, N_("maximum score"));
		bool blank = normalize_number(c, ind, "score", NUM_SCORE, N_("score")) == NUMBER_BLANK;

		size_t slot = c->r->indicator_count;
		indicator_score *s = add_indicator(c->r);
		if (!s) {
			lua_pop(L, 1);
			return;
		}
		size_t plen = strlen(parent_path);
		char *path = xmalloc(plen + strlen(name) + 2);
		sprintf(path, "%s%s%s", parent_path, plen ? "/" : "", name);
		s->path = path;
		s->name = xstrdup(name);
		s->depth = depth;
		s->blank = blank;
		get(L, ind, "max");
		s->has_max = ldec_is(L, -1, &s->max);
		lua_pop(L, 1);
		get(L, ind, "score");
		s->has_claimed = ldec_is(L, -1, &s->claimed);
		lua_pop(L, 1);
		char where[512];
		int column;
		model_locate(c->pos, node, "score", where, sizeof where, &s->line, &column);
		s->data_path = xstrdup(where);

		/* The indicator's own path, for rules: r.scores.indicators[i].path */
		lua_pushstring(L, "path");
		lua_pushstring(L, path);
		lua_rawset(L, ind);

		model_claimed_deductions(c, ind, slot);
		int children = open_table(c, ind, "children", false, N_("child indicators"));
		if (children) {
			model_indicators(c, children, path, depth + 1);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
}

static void model_scores(model_ctx *c, int root)
{
	lua_State *L = c->L;
	int s = open_table(c, root, "scores", false, N_("score sheet"));
	if (!s)
		return;
	c->r->has_scores = true;
	check_fields(c, s, "scores ", &model_fields_scores);
	int total = normalize_number(c, s, "total", NUM_SCORE, N_("total score"));
	if (total > 0) {
		get(L, s, "total");
		c->r->has_total_claimed = ldec_is(L, -1, &c->r->total_claimed);
		lua_pop(L, 1);
	}
	c->r->total_blank = total == NUMBER_BLANK;
	char where[64];
	int column;
	model_locate(c->pos, model_node_of(L, s), NULL, where, sizeof where, &c->r->scores_line, &column);
	const char *grade = need_string(c, s, "grade", false, N_("grade"));
	c->r->grade_claimed = xstrdup(grade);
	int list = open_table(c, s, "indicators", true, N_("indicator"));
	if (list) {
		model_indicators(c, list, "", 0);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* The comparisons a target may start with: the signs in their ASCII,
 * full-width and mathematical forms (mixed too: "＞=" as typed on a Chinese
 * keyboard), and the words forms print (不低于90%).  Longer spellings come
 * before their prefixes. */
static const struct { const char *text, *op; bool word; } target_ops[] = {
	{ ">=", ">=", false }, { "<=", "<=", false }, { "==", "=", false }, { "≥", ">=", false },
	{ "≤", "<=", false }, { "≧", ">=", false }, { "≦", "<=", false }, { "＞＝", ">=", false },
	{ "＜＝", "<=", false }, { "＞=", ">=", false }, { "＜=", "<=", false }, { ">＝", ">=", false },
	{ "<＝", "<=", false }, { "＞", ">", false }, { "＜", "<", false }, { "＝", "=", false },
	{ ">", ">", false }, { "<", "<", false }, { "=", "=", false },
	{ "大于或等于", ">=", true }, { "大于等于", ">=", true }, { "小于或等于", "<=", true },
	{ "小于等于", "<=", true }, { "不低于", ">=", true }, { "不少于", ">=", true },
	{ "不小于", ">=", true }, { "达到", ">=", true }, { "不高于", "<=", true },
	{ "不超过", "<=", true }, { "不多于", "<=", true }, { "不大于", "<=", true },
	{ "大于", ">", true }, { "高于", ">", true }, { "多于", ">", true }, { "超过", ">", true },
	{ "小于", "<", true }, { "低于", "<", true }, { "少于", "<", true },
};

/* ... and the words they may end with (95%以上, 5天以内). */
static const struct { const char *text, *op; } target_suffixes[] = {
	{ "及以上", ">=" }, { "以上", ">=" }, { "及以下", "<=" }, { "以下", "<=" }, { "以内", "<=" },
};

/* The comparison printed at the start of s (then s and len move past it)
 * or at its end (then len stops before it); NULL when there is none.
 * *word: the comparison is a word (不低于), after which a text that is no
 * number is a qualitative target (不低于去年), not a mistyped one. */
static const char *target_op(const char **s, size_t *len, bool *word)
{
	*word = false;
	for (size_t i = 0; i < sizeof target_ops / sizeof *target_ops; i++) {
		size_t ol = strlen(target_ops[i].text);
		if (*len >= ol && memcmp(*s, target_ops[i].text, ol) == 0) {
			*s += ol;
			*len -= ol;
			*word = target_ops[i].word;
			return target_ops[i].op;
		}
	}
	for (size_t i = 0; i < sizeof target_suffixes / sizeof *target_suffixes; i++) {
		size_t sl = strlen(target_suffixes[i].text);
		if (*len > sl && memcmp(*s + *len - sl, target_suffixes[i].text, sl) == 0) {
			*len -= sl;
			*word = true;
			return target_suffixes[i].op;
		}
	}
	return NULL;
}

static bool is_currency(const char *unit)
{
	return unit && number_currency_exp(unit) >= 0;
}

/* The comparison a target printed as a number alone means: what the
 * national form's notes call a 反向指标 (财预〔2020〕10号 附件2: 指标值为≤*)
 * where the target is none at all (0起), a cost, something to avoid
 * (投诉, 事故, 差错 ...), or a time a 时效指标 allows ("30天"); else a
 * 正向指标, at least the number ("1000人次", "43.2" 万元 to spend). */
static const char *implied_op(const char *indicator, const char *name, const char *unit, bool zero)
{
	static const char *const durations[] = { "天", "日", "个工作日", "工作日", "个月", "月", "周", "小时",
		                                 "分钟", NULL };
	static const char *const avoided[] = { "投诉", "事故", "差错", "违规", "违纪", "不合格", "返工", "超支",
		                               "损失", "失误", "闲置", "发生率", NULL };
	if (zero || (indicator && strstr(indicator, "成本")))
		return "<=";
	for (const char *const *a = avoided; name && *a; a++)
		if (strstr(name, *a))
			return "<=";
	for (const char *const *d = durations; indicator && unit && *d; d++)
		if (strstr(indicator, "时效") && !strcmp(unit, *d))
			return "<=";
	return ">=";
}

/* Parse t.target into op/goal/goal_unit or goal_word. */
static void model_target_goal(model_ctx *c, int t, int32_t node, const char *indicator, const char *name,
                              const char *unit, printed_number *goal, bool *has_goal)
{
	lua_State *L = c->L;
	*has_goal = false;
	int type = get(L, t, "target");
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		if (!note_blank(c, t, "target", N_("the target value")))
			problem(c, node, "target", SEV_ERROR, _("missing required field target (the target value)"));
		return;
	}
	const char *op = NULL;
	decimal d;
	if (ldec_is(L, -1, &d)) {
		memset(goal, 0, sizeof *goal);
		goal->value = d;
		goal->currency_exp = -1;
		*has_goal = true;
	} else if (type == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		while (len && *s == ' ') {
			s++;
			len--;
		}
		bool word;
		op = target_op(&s, &len, &word);
		if (number_parse(s, len, goal)) {
			*has_goal = true;
		} else if (!op || word) {
			op = NULL;
			lua_pushstring(L, "goal_word");
			lua_pushvalue(L, -2);
			lua_rawset(L, t);
		} else {
			problem(c, node, "target", SEV_ERROR,
			        _("target value '%s' is not understood: expected a comparison and a number (such as >= 3000家) or a qualitative word (such as 达成)"),
			        lua_tostring(L, -1));
		}
	} else {
		problem(c, node, "target", SEV_ERROR, _("a target value should be a number or text, not %s"),
		        type_name_zh(L, -1));
	}
	lua_pop(L, 1);
	if (*has_goal) {
		if (!op) {
			op = implied_op(indicator, name, goal->unit[0] ? goal->unit : unit, goal->value.mant == 0);
			lua_pushstring(L, "op_implied");
			lua_pushboolean(L, 1);
			lua_rawset(L, t);
		}
		lua_pushstring(L, "op");
		lua_pushstring(L, op);
		lua_rawset(L, t);
		lua_pushstring(L, "goal");
		ldec_push(L, goal->value);
		lua_rawset(L, t);
		if (goal->unit[0]) {
			lua_pushstring(L, "goal_unit");
			lua_pushstring(L, goal->unit);
			lua_rawset(L, t);
		}
	}
}

static int compare_with(const char *op, int cmp)
{
	if (!strcmp(op, ">="))
		return cmp >= 0;
	if (!strcmp(op, "<="))
		return cmp <= 0;
	if (!strcmp(op, ">"))
		return cmp > 0;
	if (!strcmp(op, "<"))
		return cmp < 0;
	return cmp == 0;
}

/* Words that plainly say a qualitative target was reached, or was not. */
static const char *const words_met[] = { "达成", "已达成", "完成", "已完成", "达标", "是",
	                                 "合规", "好", "较好", "良好", "优", "优秀", "高",
	                                 "较高", "满意", "有效", "显著",
	                                 /* as budget systems print it (e.g. Anhui's forms) */
	                                 "达成预期指标", "达到预期指标", "达成预期目标",
	                                 "达到预期目标", "达到预期", NULL };
static const char *const words_not_met[] = { "未达成", "未完成", "未达标", "否", "不合规",
	                                     "差", "较差", "低", "较低", "不满意", "无效",
	                                     /* the negations of what budget systems print */
	                                     "未达成预期指标", "未达到预期指标", "未达成预期目标",
	                                     "未达到预期目标", "未达到预期", NULL };

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static void set_bool(lua_State *L, int t, const char *key, bool v)
{
	lua_pushstring(L, key);
	lua_pushboolean(L, v);
	lua_rawset(L, t);
}

/* Copy what printers show of a target into the result. */
static void summarize_target(model_ctx *c, int t, long position, const char *target_text,
                             const char *actual_text)
{
	lua_State *L = c->L;
	target_summary *grown = xrealloc(c->r->targets, (c->r->target_count + 1) * sizeof *grown);
	c->r->targets = grown;
	target_summary *s = &grown[c->r->target_count++];
	memset(s, 0, sizeof *s);
	s->position = position;
	static const struct { const char *key; size_t offset; } strings[] = {
		{ "name", offsetof(target_summary, name) },
		{ "indicator", offsetof(target_summary, indicator) },
		{ "unit", offsetof(target_summary, unit) },
		{ "status", offsetof(target_summary, status) },
		{ "reason", offsetof(target_summary, reason) },
	};
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
		get(L, t, strings[i].key);
		if (lua_type(L, -1) == LUA_TSTRING)
			*(char **)((char *)s + strings[i].offset) = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	s->target = xstrdup(target_text);
	s->actual = xstrdup(actual_text);
	if (get(L, t, "blank") == LUA_TTABLE) {
		lua_getfield(L, -1, "actual");
		s->actual_blank = lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	get(L, t, "met");
	s->met = lua_isboolean(L, -1) ? lua_toboolean(L, -1) : -1;
	lua_pop(L, 1);
	get(L, t, "points");
	s->has_points = ldec_is(L, -1, &s->points);
	lua_pop(L, 1);
	get(L, t, "score");
	s->has_score = ldec_is(L, -1, &s->score);
	lua_pop(L, 1);
	int column;
	char where[64];
	model_locate(c->pos, model_node_of(L, t), NULL, where, sizeof where, &s->line, &column);
}

/* A scalar as the report printed it, for display (NULL when absent). */
static char *printed_text(lua_State *L, int t, const char *key)
{
	int type = get(L, t, key);
	char *s = NULL;
	if (type == LUA_TSTRING) {
		s = xstrdup(lua_tostring(L, -1));
	} else if (type != LUA_TNIL && type != LUA_TTABLE) {
		s = xstrdup(luaL_tolstring(L, -1, NULL));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return s;
}

/* t.actual parsed: a number (with its unit) into *actual, or a word kept
 * as t.actual_word; a blank cell reported.  True for a number. */
static bool model_target_actual(model_ctx *c, int t, int32_t node, const char *status,
                                printed_number *actual)
{
	lua_State *L = c->L;
	int type = get(L, t, "actual");
	bool has_actual = false;
	decimal d;
	if (ldec_is(L, -1, &d)) {
		memset(actual, 0, sizeof *actual);
		actual->value = d;
		actual->currency_exp = -1;
		has_actual = true;
	} else if (type == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		if (number_parse(s, len, actual)) {
			has_actual = true;
		} else {
			lua_pushstring(L, "actual_word");
			lua_pushvalue(L, -2);
			lua_rawset(L, t);
		}
	} else if (type != LUA_TNIL) {
		problem(c, node, "actual", SEV_ERROR, _("an actual value should be a number or text, not %s"),
		        type_name_zh(L, -1));
	}
	lua_pop(L, 1);
	/* An actual value printed empty, with no status saying why: a cell
	 * the preparer has yet to fill in, not a target left unassessed. */
	if (type == LUA_TNIL && !status)
		note_blank(c, t, "actual", N_("the actual value"));
	if (has_actual) {
		lua_pushstring(L, "actual");
		ldec_push(L, actual->value);
		lua_rawset(L, t);
		if (actual->unit[0]) {
			lua_pushstring(L, "actual_unit");
			lua_pushstring(L, actual->unit);
			lua_rawset(L, t);
		}
	}
	return has_actual;
}

/* t.met and t.units_agree for a numeric goal and actual.  Units: the
 * goal's own unit, else the declared unit; the actual's own unit, else the
 * same.  Currency converts; others must match. */
static void model_target_met(model_ctx *c, int t, const char *unit, const printed_number *goal,
                             const printed_number *actual)
{
	lua_State *L = c->L;
	const char *gu = goal->unit[0] ? goal->unit : (unit ? unit : "");
	const char *au = actual->unit[0] ? actual->unit : gu;
	/* a target printed without its unit ("≥90" beside "92%", the form
	 * having no 度量单位 column) is in the actual value's, as an actual
	 * printed without one is in the target's */
	if (!gu[0])
		gu = au;
	decimal a = actual->value;
	bool agree = true;
	if (is_currency(gu) && is_currency(au)) {
		agree = number_convert_currency(actual->value, number_currency_exp(au),
		                                number_currency_exp(gu), &a);
		if (agree && strcmp(gu, au)) {
			lua_pushstring(L, "actual_converted");
			ldec_push(L, a);
			lua_rawset(L, t);
		}
	} else if (strcmp(gu, au) != 0) {
		agree = false;
	} else if (unit && goal->unit[0] && strcmp(unit, goal->unit) != 0 &&
	           !(is_currency(unit) && is_currency(goal->unit))) {
		agree = false;
	}
	set_bool(L, t, "units_agree", agree);
	if (agree) {
		get(L, t, "op");
		const char *op = lua_tostring(L, -1);
		bool met = compare_with(op ? op : "=", dec_cmp(a, goal->value));
		lua_pop(L, 1);
		set_bool(L, t, "met", met);
	}
}

/* t.met for a qualitative goal: the same word, or one that plainly says
 * the target was reached (or was not). */
static void model_target_met_word(model_ctx *c, int t)
{
	lua_State *L = c->L;
	get(L, t, "goal_word");
	const char *gw = lua_tostring(L, -1);
	get(L, t, "actual_word");
	const char *aw = lua_tostring(L, -1);
	if (gw && aw) {
		if (!strcmp(gw, aw) || in_list(aw, words_met))
			set_bool(L, t, "met", true);
		else if (in_list(aw, words_not_met))
			set_bool(L, t, "met", false);
	}
	lua_pop(L, 2);
}

static void model_target(model_ctx *c, int t, long position)
{
	lua_State *L = c->L;
	int32_t node = model_node_of(L, t);
	check_fields(c, t, N_("performance target"), &model_fields_targets);
	char *target_text = printed_text(L, t, "target");
	char *actual_text = printed_text(L, t, "actual");
	const char *name = need_string(c, t, "name", true, N_("indicator name"));
	const char *indicator = need_string(c, t, "indicator", false, N_("the scored indicator it belongs to"));
	const char *unit = need_string(c, t, "unit", false, N_("unit of measure"));
	normalize_number(c, t, "points", NUM_SCORE, N_("points of the target"));
	normalize_number(c, t, "score", NUM_SCORE, N_("score of the target"));
	const char *status = need_string(c, t, "status", false, N_("completion status"));
	if (status && strcmp(status, "met") && strcmp(status, "not_met") &&
	    strcmp(status, "unassessable"))
		problem(c, node, "status", SEV_ERROR,
		        _("invalid completion status '%s': expected met, not_met or unassessable"),
		        status);
	printed_number goal, actual;
	bool has_goal;
	model_target_goal(c, t, node, indicator, name, unit, &goal, &has_goal);
	bool has_actual = model_target_actual(c, t, node, status, &actual);
	if (has_goal && has_actual)
		model_target_met(c, t, unit, &goal, &actual);
	else
		model_target_met_word(c, t);
	summarize_target(c, t, position, target_text, actual_text);
	free(target_text);
	free(actual_text);
}

static void model_targets(model_ctx *c, int root)
{
	lua_State *L = c->L;
	int list = open_table(c, root, "targets", false, N_("performance target"));
	if (!list)
		return;
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, list, i) == LUA_TTABLE)
			model_target(c, lua_gettop(L), (long)i);
		else
			problem(c, model_node_of(L, list), NULL, SEV_ERROR,
			        _("performance target %lld should be a mapping"), (long long)i);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

long model_indicator_slot(const doc_result *r, const char *wanted, int *matches)
{
	long found = -1;
	int ends = 0;
	size_t wl = strlen(wanted);
	for (size_t i = 0; i < r->indicator_count; i++) {
		const char *p = r->indicators[i].path;
		if (!strcmp(p, wanted)) {
			ends = 1;
			found = (long)i;
			break;
		}
		size_t pl = strlen(p);
		if (pl > wl && p[pl - wl - 1] == '/' && !strcmp(p + pl - wl, wanted)) {
			found = (long)i;
			ends++;
		}
	}
	if (matches)
		*matches = ends;
	return ends == 1 ? found : -1;
}

/* Each target's indicator found once here, in C, rather than by every rule
 * that groups targets by indicator, in Lua, for every report. */
static void index_targets(doc_result *r)
{
	for (size_t i = 0; i < r->target_count; i++) {
		target_summary *t = &r->targets[i];
		t->indicator_slot = t->indicator ? model_indicator_slot(r, t->indicator, NULL) : -1;
	}
}

const char *model_field_label(const char *path)
{
	static const struct {
		const char *path, *label;
	} labels[] = {
		{ "budget", N_("budget execution") },
		{ "budget.initial", N_("budget at the start of the year") },
		{ "budget.planned", N_("full-year budget") },
		{ "budget.executed", N_("full-year expenditure") },
		{ "budget.execution_rate", N_("budget execution rate") },
		{ "budget.carryover", N_("carryover and balance at year end") },
		{ "budget.returned", N_("amounts returned to the treasury") },
		{ "budget.opening_balance", N_("carryover and balance at the start of the year") },
		{ "budget.received", N_("funds received") },
		{ "budget.sources", N_("by source of funds") },
		{ "budget.nature", N_("by nature of expenditure") },
		{ "budget.items", N_("budget items") },
		{ "budget.funds", N_("project funds by source") },
		{ "budget.adjustment_reason", N_("reason for the budget adjustment") },
		{ "scores", N_("score sheet") },
		{ "scores.total", N_("total score") },
		{ "scores.grade", N_("grade") },
		{ "targets", N_("performance target") },
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(labels[i].path, path))
			return _(labels[i].label);
	return NULL;
}

int report_model(lua_State *L, int index, const pos_tree *pos, doc_result *r)
{
	model_ctx c = { .L = L, .pos = pos, .r = r, .currency_exp = 4, .currency = "万元" };
	int root = lua_absindex(L, index);
	if (lua_type(L, root) != LUA_TTABLE || lua_rawlen(L, root) > 0) {
		int line = pos && pos->count ? (int)pos->nodes[0].line : 1;
		int column = pos && pos->count ? (int)pos->nodes[0].column : 1;
		result_add(r, RULE_FORMAT, SEV_ERROR,
		           _("the top level of the document should be a mapping (key: value) and is not; see docs/data-format.md"), NULL, line,
		           column);
		return -1;
	}
	luaL_checkstack(L, 40, NULL);
	check_fields(&c, root, N_("the report's top level"), &model_fields_report);
	int32_t node = model_node_of(L, root);

	long version;
	if (!heading_blank(&c, root, "pev", N_("format version")) &&
	    need_integer(&c, root, "pev", N_("format version"), &version) && version != 1)
		problem(&c, node, "pev", SEV_ERROR, _("unsupported format version pev: %ld (this version supports 1)"), version);
	/* Without a kind no rule applies: an empty one must not pass clean. */
	const char *kind = need_heading_text(&c, root, "kind", true, N_("report kind"));
	if (kind && strcmp(kind, "department") && strcmp(kind, "project")) {
		problem(&c, node, "kind", SEV_ERROR,
		        _("invalid report kind '%s': expected department (department-wide expenditure) or project (project expenditure)"), kind);
		kind = NULL;
	}
	r->kind = xstrdup(kind);
	r->unit = xstrdup(need_heading_text(&c, root, "unit", true, N_("reporting unit")));
	long year;
	if (!heading_blank(&c, root, "year", N_("year")) && need_integer(&c, root, "year", N_("year"), &year)) {
		if (year < 1990 || year > 2100)
			problem(&c, node, "year", SEV_ERROR, _("year %ld is not between 1990 and 2100"), year);
		r->has_year = true;
		r->year = year;
	}
	r->project = xstrdup(need_heading_text(&c, root, "project", kind && !strcmp(kind, "project"),
	                                       N_("project name")));
	r->department = xstrdup(need_string(&c, root, "department", false, N_("competent department")));
	need_string(&c, root, "framework", false, N_("scoring framework"));

	model_budget(&c, root);
	model_scores(&c, root);
	model_targets(&c, root);
	index_targets(r);
	int facts = open_table(&c, root, "facts", false, N_("facts"));
	if (facts)
		lua_pop(L, 1);
	return 0;
}

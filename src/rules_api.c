/*
 * rules_api — what a check function calls to report: finding, deduct,
 * set_score and unverified, and what it reads of the scored table:
 * indicator, has_indicator and targets_by_indicator.  Nothing is applied to the report: findings
 * go to the result, deductions and formula scores to score_effects.
 */
#include "rules_internal.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_i18n.h"
#include "model_report.h"
#include "rules_decimal.h"

static const char key_indicator_index = 0, key_targets = 0;

/* Resolve an `at` argument (a view of a report node, or a data path string)
 * and an optional field into path/line/column. */
static void locate(lua_State *L, int at, int field, char *path, size_t size, int *line,
                   int *column)
{
	run_ctx *c = rules_ctx(L);
	*line = *column = 0;
	path[0] = '\0';
	if (lua_isnoneornil(L, at))
		return;
	char field_name[256] = "";
	const char *fname = NULL;
	if (!lua_isnoneornil(L, field)) {
		if (lua_type(L, field) == LUA_TNUMBER && lua_isinteger(L, field)) {
			lua_Integer i = lua_tointeger(L, field);
			if (i < 1 || i > INT32_MAX)
				luaL_error(L, _("a list index must be between 1 and %d, not %I"), INT32_MAX, i);
			snprintf(field_name, sizeof field_name, "[%lld]", (long long)i - 1);
		} else if (lua_type(L, field) == LUA_TSTRING) {
			snprintf(field_name, sizeof field_name, "%s", lua_tostring(L, field));
			fname = lua_tostring(L, field);
		} else {
			luaL_error(L, _("a field name should be text or an integer"));
		}
	}
	if (lua_type(L, at) == LUA_TSTRING) {
		char full[1024];
		snprintf(full, sizeof full, "%s%s%s", lua_tostring(L, at),
		         field_name[0] && field_name[0] != '[' ? "." : "", field_name);
		int complete;
		int32_t node = pos_resolve(c->pos, full, &complete);
		snprintf(path, size, "%s", full);
		if (node >= 0) {
			*line = (int)c->pos->nodes[node].line;
			*column = (int)c->pos->nodes[node].column;
		}
		return;
	}
	if (lua_type(L, at) != LUA_TTABLE)
		luaL_error(L, _("the position argument should be an item of the report (such as r.budget) or a "
		                "data path (such as \"budget.carryover\"), not %s"),
		           luaL_typename(L, at));
	sandbox_unwrap(L, at);
	int32_t node = model_node_of(L, -1);
	lua_pop(L, 1);
	if (node < 0)
		return;
	if (field_name[0] == '[') {
		int32_t child = pos_child_index(c->pos, node,
		                                (int32_t)lua_tointeger(L, field) - 1);
		model_locate(c->pos, child >= 0 ? child : node, NULL, path, size, line, column);
		return;
	}
	model_locate(c->pos, node, fname, path, size, line, column);
}

/* The full path of an indicator named by a rule: exact, or the one
 * indicator whose path ends with "/name". */
const char *rules_resolve_indicator(lua_State *L, const char *wanted, bool raise)
{
	run_ctx *c = rules_ctx(L);
	int matches;
	/* A look at every indicator: work the count hook does not see. */
	sandbox_charge(L, 1 + c->r->indicator_count);
	long slot = model_indicator_slot(c->r, wanted, &matches);
	if (slot >= 0)
		return c->r->indicators[slot].path;
	if (raise) {
		luaL_Buffer b;
		luaL_buffinit(L, &b);
		for (size_t i = 0; i < c->r->indicator_count && i < 40; i++) {
			luaL_addstring(&b, i ? _(", ") : "");
			luaL_addstring(&b, c->r->indicators[i].path);
		}
		luaL_pushresult(&b);
		if (matches > 1)
			luaL_error(L, _("indicator '%s' is ambiguous; write its full path (the report's indicators: %s)"), wanted,
			           lua_tostring(L, -1));
		luaL_error(L, _("the report has no indicator '%s' (the report's indicators: %s); check first with "
		             "has_indicator(\"%s\")"),
		           wanted, c->r->indicator_count ? lua_tostring(L, -1) : _("none"), wanted);
	}
	return NULL;
}

run_ctx *rules_checking(lua_State *L, const char *fn)
{
	run_ctx *c = rules_ctx(L);
	if (!c || !c->rule)
		luaL_error(L, _("%s can only be called inside a rule's check function"), fn);
	return c;
}

/* Findings, deductions and set_score notes live outside the Lua state,
 * where neither the memory ceiling nor the output can absorb a rule that
 * reports in a loop: past the limit the rule stops, as for the
 * instruction budget. */
static void count_report(lua_State *L, run_ctx *c)
{
	long limit = rules_from_state(L)->max_findings;
	if (++c->reported > limit)
		luaL_error(L, _("the rule reported more than %I findings, deductions and set_score calls (the limit; --limit findings=N changes it)"), (lua_Integer)limit);
}

/* The message argument at arg, cut to MESSAGE_MAX bytes at a character
 * boundary so that one finding cannot fill the report. */
enum { MESSAGE_MAX = 4096 };
static const char *bounded_message(lua_State *L, int arg)
{
	size_t n;
	const char *s = luaL_checklstring(L, arg, &n);
	if (n <= MESSAGE_MAX)
		return s;
	size_t cut = MESSAGE_MAX;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	lua_pushlstring(L, s, cut);
	lua_pushstring(L, _("… (message too long, cut)"));
	lua_concat(L, 2);
	lua_replace(L, arg);
	return lua_tostring(L, arg);
}

/* finding(message [, at [, field]]) or finding{message=, at=, field=, severity=} */
static int api_finding(lua_State *L)
{
	run_ctx *c = rules_checking(L, "finding");
	enum severity sev = c->rule->severity;
	if (lua_type(L, 1) == LUA_TTABLE) {
		lua_settop(L, 1);
		lua_getfield(L, 1, "message");
		lua_getfield(L, 1, "at");
		lua_getfield(L, 1, "field");
		if (lua_getfield(L, 1, "severity") != LUA_TNIL) {
			int s = severity_parse(luaL_checkstring(L, -1));
			if (s < 0 || s == SEV_NONE)
				return luaL_error(L, _("finding{} severity should be \"error\", \"warning\" or \"info\""));
			sev = (enum severity)s;
		}
		lua_pop(L, 1);
		lua_remove(L, 1);
	}
	const char *message = bounded_message(L, 1);
	count_report(L, c);
	char path[1024];
	int line, column;
	locate(L, 2, 3, path, sizeof path, &line, &column);
	finding *f = result_add(c->r, c->rule->id, sev, message, path, line, column);
	if (f && c->indicator)
		finding_set_indicator(f, c->indicator, NULL);
	return 0;
}

static decimal check_points(lua_State *L, int arg, const char *what)
{
	decimal d;
	if (!ldec_to(L, arg, &d))
		luaL_error(L, "bad argument #%d to '%s' (number expected, got %s)", arg, what,
		           luaL_typename(L, arg));
	return d;
}

/* A deduction no indicator of the report carries: the finding stays, at
 * the rule's severity, and says what would be deducted and why it was not. */
static void report_undeducted(lua_State *L, run_ctx *c, const char *reason, decimal points,
                              const char *where, int line, int column)
{
	char amount[DEC_BUFSIZE], why[1024];
	dec_format_trim(points, amount);
	enum severity sev = c->rule->severity;
	if (!c->r->has_scores) {
		/* A report with no score table: nothing to deduct from. */
		if (dec_is_zero(points))
			result_add(c->r, c->rule->id, sev, reason, where, line, column);
		else
			/* TRANSLATORS: the deduction's reason, then its points. */
			result_addf(c->r, c->rule->id, sev, where, line, column,
			            _("%s; under the scoring standard %s points would be deducted (the report has no score table)"),
			            reason, amount);
		return;
	}
	rule_set *rs = rules_from_state(L);
	if (c->indicator_wanted)
		snprintf(why, sizeof why, _("the report's score table has no indicator '%s'"), c->indicator_wanted);
	else if (rs->framework)
		snprintf(why, sizeof why, _("no indicator of the scoring framework '%s' carries it"), rs->framework->name);
	else
		snprintf(why, sizeof why, "%s", _("no scoring framework applies to the report"));
	/* TRANSLATORS: the deduction's reason, its points, why it was not made. */
	result_addf(c->r, c->rule->id, sev, where, line, column, _("%s; %s points would be deducted, but %s: nothing deducted"),
	            reason, amount, why);
}

/* deduct(points, reason [, at [, field]]) or deduct{points=, reason=, indicator=, at=, field=} */
static int api_deduct(lua_State *L)
{
	run_ctx *c = rules_checking(L, "deduct");
	const char *named = NULL; /* deduct{indicator = ...} */
	if (lua_type(L, 1) == LUA_TTABLE) {
		lua_settop(L, 1);
		lua_getfield(L, 1, "points");
		lua_getfield(L, 1, "reason");
		lua_getfield(L, 1, "at");
		lua_getfield(L, 1, "field");
		if (lua_getfield(L, 1, "indicator") != LUA_TNIL)
			named = luaL_checkstring(L, -1);
		lua_remove(L, 1); /* keep the indicator string on the stack */
	}
	decimal points = check_points(L, 1, "deduct");
	const char *reason = bounded_message(L, 2);
	count_report(L, c);
	if (dec_is_neg(points))
		return luaL_error(L, _("deduct: the points cannot be negative (%s)"), lua_tostring(L, 1));
	if (!named && !c->rule->indicator && !c->rule->concept)
		return luaL_error(L, _("rule %s declares no indicator and cannot deduct points; write indicator = \"LEVEL1/LEVEL2\" or concept = \"WHAT IT SCORES\" in its rule{}"),
		                  c->rule->id);
	const char *path = named ? rules_resolve_indicator(L, named, true) : c->indicator;
	char where[1024];
	int line, column;
	locate(L, 3, 4, where, sizeof where, &line, &column);
	points = dec_normalize(points);
	if (!path) {
		report_undeducted(L, c, reason, points, where, line, column);
		return 0;
	}
	if (!where[0]) {
		for (size_t i = 0; i < c->r->indicator_count; i++)
			if (!strcmp(c->r->indicators[i].path, path)) {
				snprintf(where, sizeof where, "%s", c->r->indicators[i].data_path);
				line = c->r->indicators[i].line;
			}
	}
	finding *f = result_add(c->r, c->rule->id, c->rule->severity, reason, where, line, column);
	if (f)
		finding_set_indicator(f, path, &points);
	score_add_effect(c->effects, path, c->rule->id, reason, points, false);
	return 0;
}

/* set_score(score [, note]) or set_score{score=, note=, indicator=} */
static int api_set_score(lua_State *L)
{
	run_ctx *c = rules_checking(L, "set_score");
	const char *named = NULL;
	if (lua_type(L, 1) == LUA_TTABLE) {
		lua_settop(L, 1);
		lua_getfield(L, 1, "score");
		lua_getfield(L, 1, "note");
		if (lua_getfield(L, 1, "indicator") != LUA_TNIL)
			named = luaL_checkstring(L, -1);
		lua_remove(L, 1);
	}
	decimal score = check_points(L, 1, "set_score");
	/* The note is kept outside the Lua state like a finding's message:
	 * cut to the same length and counted against the same limit. */
	const char *note = lua_isnoneornil(L, 2) ? NULL : bounded_message(L, 2);
	count_report(L, c);
	if (!named && !c->rule->indicator && !c->rule->concept)
		return luaL_error(L, _("rule %s declares no indicator and cannot set a score; write indicator = \"LEVEL1/LEVEL2\" or concept = \"WHAT IT SCORES\" in its rule{}"),
		                  c->rule->id);
	const char *path = named ? rules_resolve_indicator(L, named, true) : c->indicator;
	if (!path)
		return 0; /* nowhere for the score to land: the report has no such indicator */
	score_add_effect(c->effects, path, c->rule->id, note, dec_normalize(score), true);
	return 0;
}

/* Build path -> indicator table, from the model's `path` fields. */
static void index_indicators(lua_State *L, int list, int index)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, list, i) == LUA_TTABLE) {
			int t = lua_gettop(L);
			lua_pushliteral(L, "path");
			if (lua_rawget(L, t) == LUA_TSTRING) {
				lua_pushvalue(L, t);
				lua_rawset(L, index);
			} else {
				lua_pop(L, 1);
			}
			lua_pushliteral(L, "children");
			if (lua_rawget(L, t) == LUA_TTABLE)
				index_indicators(L, lua_gettop(L), index);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
}

void rules_index_indicators(lua_State *L, int root)
{
	lua_newtable(L);
	lua_pushliteral(L, "scores");
	if (lua_rawget(L, root) == LUA_TTABLE) {
		lua_pushliteral(L, "indicators");
		if (lua_rawget(L, -2) == LUA_TTABLE)
			index_indicators(L, lua_gettop(L), lua_gettop(L) - 2);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_indicator_index);
	lua_pushliteral(L, "targets");
	lua_rawget(L, root);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_targets);
}

/* indicator([path]): the claimed indicator (read-only), or nil; without a
 * path, the running rule's own indicator. */
static int api_indicator(lua_State *L)
{
	run_ctx *c = rules_checking(L, "indicator");
	const char *path = lua_isnoneornil(L, 1) ? c->indicator
	                                         : rules_resolve_indicator(L, luaL_checkstring(L, 1), false);
	if (!path)
		return 0;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_indicator_index);
	lua_getfield(L, -1, path);
	if (!lua_istable(L, -1))
		return 0;
	sandbox_push_view(L, -1);
	return 1;
}

/* Append the value on top of the stack to the list at `list`. */
static void append(lua_State *L, int list)
{
	lua_rawseti(L, list, (lua_Integer)lua_rawlen(L, list) + 1);
}

/* Push a fresh {target = <view>, index = n} for target t of the list at
 * `targets`. */
static void push_target_entry(lua_State *L, int targets, const target_summary *t)
{
	lua_createtable(L, 0, 2);
	lua_rawgeti(L, targets, t->position);
	sandbox_push_view(L, -1);
	lua_setfield(L, -3, "target");
	lua_pop(L, 1);
	lua_pushinteger(L, t->position);
	lua_setfield(L, -2, "index");
}

/* Push a fresh {path, indicator = <view>, targets = {}} for ind, its table
 * found in the path index at `index`. */
static void push_group(lua_State *L, int index, const indicator_score *ind)
{
	lua_createtable(L, 0, 3);
	lua_pushstring(L, ind->path);
	lua_setfield(L, -2, "path");
	lua_getfield(L, index, ind->path);
	sandbox_push_view(L, -1);
	lua_setfield(L, -3, "indicator");
	lua_pop(L, 1);
	lua_newtable(L);
	lua_setfield(L, -2, "targets");
}

/* targets_by_indicator(): the report's targets grouped by the indicator
 * they belong to, from the model's index (model_report.c): the groups in
 * the order they first appear, and the targets whose indicator the table
 * does not have.  Fresh tables on every call, so that what one rule does
 * to them no other rule sees; the targets and indicators in them are the
 * report's own read-only views. */
static int api_targets_by_indicator(lua_State *L)
{
	const doc_result *r = rules_checking(L, "targets_by_indicator")->r;
	/* The grouping is the model's; building the tables is charged here. */
	sandbox_charge(L, 1 + r->target_count);
	lua_settop(L, 0);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_targets);         /* 1 */
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_indicator_index); /* 2 */
	lua_newtable(L);                                         /* 3: the groups */
	lua_newtable(L);                                         /* 4: the unknown */
	lua_newtable(L);                                         /* 5: slot -> group */
	for (size_t i = 0; i < r->target_count; i++) {
		const target_summary *t = &r->targets[i];
		if (!t->indicator)
			continue;
		int list = 4;
		if (t->indicator_slot >= 0) {
			if (lua_rawgeti(L, 5, t->indicator_slot + 1) != LUA_TTABLE) {
				lua_pop(L, 1);
				push_group(L, 2, &r->indicators[t->indicator_slot]);
				lua_pushvalue(L, -1);
				lua_rawseti(L, 5, t->indicator_slot + 1);
				lua_pushvalue(L, -1);
				append(L, 3);
			}
			lua_getfield(L, -1, "targets");
			list = lua_gettop(L);
		}
		push_target_entry(L, 1, t);
		append(L, list);
		lua_settop(L, 5);
	}
	lua_settop(L, 4);
	return 2;
}

/* has_indicator([path]): does the report's table have it (without a path:
 * the running rule's own indicator)? */
static int api_has_indicator(lua_State *L)
{
	run_ctx *c = rules_checking(L, "has_indicator");
	lua_pushboolean(L, lua_isnoneornil(L, 1) ? c->indicator != NULL
	                                         : rules_resolve_indicator(L, luaL_checkstring(L, 1), false) != NULL);
	return 1;
}

/* unverified([reason]): this run could not check the rule's indicator (its
 * data is missing), so the indicator must not count as verified. */
static int api_unverified(lua_State *L)
{
	run_ctx *c = rules_ctx(L);
	rules_checking(L, "unverified");
	const char *reason = lua_isnoneornil(L, 1) ? NULL : bounded_message(L, 1);
	c->unverified = true;
	if (reason && !c->unverified_reason)
		c->unverified_reason = xstrdup(reason); /* the first reason given */
	return 0;
}

const luaL_Reg rules_check_api[] = {
	{ "finding", api_finding },
	{ "deduct", api_deduct },
	{ "set_score", api_set_score },
	{ "indicator", api_indicator },
	{ "has_indicator", api_has_indicator },
	{ "targets_by_indicator", api_targets_by_indicator },
	{ "unverified", api_unverified },
	{ NULL, NULL },
};

/*
 * rules_decl — rule{} and params{}: what a rule file declares when it
 * loads.  A declaration is checked field by field, so a typo in a rule
 * file is an error at its line, never a rule that silently never runs.
 */
#include "rules_internal.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_i18n.h"
#include "rules_decimal.h"

static const char *const decl_fields[] = { "id", "title", "severity", "kinds", "indicator",
	                                   "concept", "needs", "policy", "reference", "check",
	                                   "years", NULL };

static const char *opt_string_field(lua_State *L, int t, const char *key, bool required)
{
	int type = lua_getfield(L, t, key);
	if (type == LUA_TNIL && !required) {
		lua_pop(L, 1);
		return NULL;
	}
	if (type != LUA_TSTRING) {
		if (type == LUA_TNIL)
			luaL_error(L, _("rule{} lacks field %s (text)"), key);
		luaL_error(L, _("rule{} field %s should be text, not %s"), key, luaL_typename(L, -1));
	}
	const char *s = lua_tostring(L, -1);
	lua_pop(L, 1); /* still referenced by the declaration table */
	return s;
}

static unsigned parse_kinds(lua_State *L, int t)
{
	int type = lua_getfield(L, t, "kinds");
	unsigned kinds = 0;
	if (type == LUA_TSTRING) {
		kinds = rule_kind_bit(lua_tostring(L, -1));
		if (!kinds)
			luaL_error(L, _("rule{} kinds: invalid value '%s': expected \"department\" or \"project\""),
			           lua_tostring(L, -1));
	} else if (type == LUA_TTABLE) {
		lua_Integer n = luaL_len(L, -1);
		sandbox_charge(L, n > 0 ? (unsigned long)n : 0);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_geti(L, -1, i);
			const char *k = lua_tostring(L, -1);
			unsigned bit = k ? rule_kind_bit(k) : 0;
			if (!bit)
				luaL_error(L, _("rule{} kinds: item %d is invalid: expected \"department\" or \"project\""),
				           (int)i);
			kinds |= bit;
			lua_pop(L, 1);
		}
		if (!kinds)
			luaL_error(L, _("rule{} kinds cannot be empty"));
	} else {
		luaL_error(L, _("rule{} lacks field kinds: {\"department\"}, {\"project\"} or both"));
	}
	lua_pop(L, 1);
	return kinds;
}

static void parse_years(lua_State *L, int t, rule_decl *d)
{
	int type = lua_getfield(L, t, "years");
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (type != LUA_TTABLE)
		luaL_error(L, _("rule{} years should be {from = YEAR, [\"until\"] = YEAR}"));
	static const char *const keys[] = { "from", "until" };
	long *out[] = { &d->year_from, &d->year_until };
	for (int i = 0; i < 2; i++) {
		int ty = lua_getfield(L, -1, keys[i]);
		if (ty != LUA_TNIL) {
			decimal v;
			if (!ldec_to(L, -1, &v) || v.scale != 0)
				luaL_error(L, _("rule{} years.%s should be a whole year"), keys[i]);
			*out[i] = (long)v.mant;
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void check_decl_fields(lua_State *L, int t)
{
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		bool ok = false;
		for (const char *const *p = decl_fields; k && *p && !ok; p++)
			ok = !strcmp(k, *p);
		if (!ok)
			luaL_error(L, _("rule{}: unknown field %s (known fields: id title severity kinds "
			                "indicator concept needs policy reference check years)"),
			           k ? k : luaL_tolstring(L, -1, NULL));
	}
}

/* needs = { "facts.asset_changes", ... } or { ["facts.asset_changes"] = "资产变动记录" }:
 * the data the rule needs to check anything.  Paths are dotted names from
 * the report's top level (no list indexes). */
static void parse_needs(lua_State *L, int t, rule_decl *d)
{
	int type = lua_getfield(L, t, "needs");
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (type != LUA_TTABLE)
		luaL_error(L, _("rule{} needs should be a list of data paths, such as { \"facts.asset_changes\" }"));
	int list = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, list)) {
		const char *path, *label = NULL;
		if (lua_type(L, -2) == LUA_TSTRING) {
			path = lua_tostring(L, -2);
			label = lua_tostring(L, -1);
			if (!label)
				luaL_error(L, _("rule{} needs: the description of %s should be text"), path);
		} else {
			path = lua_tostring(L, -1);
			if (!path || lua_type(L, -1) != LUA_TSTRING)
				luaL_error(L, _("rule{} needs: every item should be a data path (text)"));
		}
		for (const char *p = path; *p; p++)
			if (*p == '[' || *p == ' ')
				luaL_error(L, _("rule{} needs: '%s' should be a dotted data path without list indexes, such as facts.asset_changes"), path);
		/* Copied out of the Lua state: charged, as the rule's texts. */
		sandbox_charge(L, 1 + (strlen(path) + (label ? strlen(label) : 0)) / 8);
		rule_need *grown = xrealloc(d->needs, (d->need_count + 1) * sizeof *grown);
		d->needs = grown;
		grown[d->need_count].path = xstrdup(path);
		grown[d->need_count++].label = label ? xstrdup(label) : NULL;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* The parameters params{} collected for the file, copied into d. */
static void take_params(const run_ctx *c, rule_decl *d)
{
	if (!c->pending_param_count)
		return;
	d->params = xcalloc(c->pending_param_count, sizeof *d->params);
	for (size_t i = 0; i < c->pending_param_count; i++) {
		d->params[i].name = xstrdup(c->pending_params[i].name);
		d->params[i].value = xstrdup(c->pending_params[i].value);
		d->params[i].comment = xstrdup(c->pending_params[i].comment);
		d->params[i].line = c->pending_params[i].line;
	}
	d->param_count = c->pending_param_count;
}

/* The severity a parameter named at p ("P.name ...") has by default, or
 * SEV_NONE. */
static int severity_of_param(const rule_decl *d, const char *p)
{
	if (p[0] != 'P' || p[1] != '.')
		return SEV_NONE;
	size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	for (size_t i = 0; i < d->param_count; i++)
		if (strlen(d->params[i].name) == n && !memcmp(d->params[i].name, p + 2, n)) {
			int s = d->params[i].value ? severity_parse(d->params[i].value) : -1;
			return s < 0 ? SEV_NONE : s;
		}
	return SEV_NONE;
}

/* The severity = of a finding{} at code (a line, its -- comment cut):
 * the severity written (or the default of the parameter P.x written),
 * SEV_NONE for one chosen when the check runs, -1 for none. */
static int severity_written(const rule_decl *d, const char *code)
{
	for (const char *p = strstr(code, "severity"); p; p = strstr(p + 8, "severity")) {
		const char *q = p + 8;
		if (p > code && (p[-1] == '_' || ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z')))
			continue; /* part of a longer name */
		q += strspn(q, " \t");
		if (*q != '=' || q[1] == '=')
			continue;
		q += 1 + strspn(q + 1, " \t");
		if (*q != '"' && *q != '\'')
			return severity_of_param(d, q);
		char word[16];
		size_t n = strcspn(q + 1, "\"'");
		snprintf(word, sizeof word, "%.*s", (int)(n < 15 ? n : 15), q + 1);
		int s = severity_parse(word);
		return s < 0 ? SEV_NONE : s;
	}
	return -1;
}

/* The severities the check function at index f passes to finding{},
 * read from its source lines, for explain: a rule that also reports
 * errors through finding{severity = "error"} says so. */
static void scan_severities(const run_ctx *c, lua_State *L, int f, rule_decl *d)
{
	lua_Debug ar;
	lua_pushvalue(L, f);
	if (!lua_getinfo(L, ">S", &ar) || ar.linedefined <= 0)
		return;
	const char *text = c->loading_text, *end = text + c->loading_length;
	for (int line = 1; text < end && line <= ar.lastlinedefined; line++) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = (size_t)((nl ? nl : end) - text);
		if (line >= ar.linedefined) {
			char code[1024];
			snprintf(code, sizeof code, "%.*s", (int)len, text);
			char *comment = strstr(code, "--");
			if (comment)
				*comment = '\0';
			int s = severity_written(d, code);
			int *at = s == SEV_NONE ? &d->severity_computed_line : s >= 0 ? &d->severity_lines[s] : NULL;
			if (at && !*at)
				*at = line;
		}
		text += len + 1;
	}
}

/* For explain (describe_params): the severities the check of the
 * declaration at index 1 passes to finding{}. */
static void describe_severities(const rule_set *rs, lua_State *L, rule_decl *d)
{
	if (!rs->options->describe_params)
		return;
	lua_getfield(L, 1, "check");
	scan_severities(rs->run, L, lua_gettop(L), d);
	lua_pop(L, 1);
}

static int api_rule(lua_State *L)
{
	rule_set *rs = rules_from_state(L);
	run_ctx *c = rs->run;
	if (!c->loading)
		return luaL_error(L, _("rule{} can only be called at the top level of a rule file, not inside a check function"));
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	check_decl_fields(L, 1);
	rule_decl d;
	rule_code code;
	memset(&d, 0, sizeof d);
	memset(&code, 0, sizeof code);
	const char *id = opt_string_field(L, 1, "id", true);
	if (!rule_id_valid(id))
		return luaL_error(L, _("rule{}: invalid id '%s': use lower-case letters, digits, dots, - and _, such as \"dept.asset.late\""), id);
	const rule_decl *dup = ruleset_find(rs, id);
	if (dup)
		return luaL_error(L, _("duplicate rule id '%s': already defined at %s:%d"), id, dup->file, dup->line);
	const char *title = opt_string_field(L, 1, "title", true);
	const char *sev = opt_string_field(L, 1, "severity", true);
	int severity = severity_parse(sev);
	if (severity < 0 || severity == SEV_NONE)
		return luaL_error(L, _("rule{}: invalid severity '%s': expected \"error\", \"warning\" or \"info\""),
		                  sev);
	d.kinds = parse_kinds(L, 1);
	const char *indicator = opt_string_field(L, 1, "indicator", false);
	const char *concept = opt_string_field(L, 1, "concept", false);
	if (indicator && concept)
		return luaL_error(L, _("rule{}: give indicator (a fixed indicator path) or concept (what the rule scores, placed by the scoring framework), not both"));
	const char *policy = opt_string_field(L, 1, "policy", true);
	const char *reference = opt_string_field(L, 1, "reference", false);
	parse_years(L, 1, &d);
	if (lua_getfield(L, 1, "check") != LUA_TFUNCTION)
		return luaL_error(L, _("rule{} check should be a function(r) ... end, not %s"),
		                  luaL_typename(L, -1));
	lua_pop(L, 1);
	parse_needs(L, 1, &d);
	lua_getfield(L, 1, "check");
	lua_Debug ar;
	int line = 0;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		line = ar.currentline;

	if (rs->count == rs->capacity) {
		rs->rules = array_grow(rs->rules, &rs->capacity, rs->count + 1, sizeof *rs->rules);
		rs->code = xrealloc(rs->code, rs->capacity * sizeof *rs->code);
	}
	/* The declaration is copied out of the Lua state: charge the copy,
	 * so that a loop declaring rules with long texts stays bounded. */
	size_t copied = strlen(id) + strlen(title) + strlen(policy) + (indicator ? strlen(indicator) : 0) +
	                (concept ? strlen(concept) : 0) + (reference ? strlen(reference) : 0);
	sandbox_charge(L, 1 + copied / 8);
	code.check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	d.id = xstrdup(id);
	d.title = xstrdup(title);
	d.severity = (enum severity)severity;
	d.indicator = xstrdup(indicator);
	d.concept = xstrdup(concept);
	d.policy = xstrdup(policy);
	d.reference = xstrdup(reference);
	d.file = xstrdup(c->loading_file);
	d.line = line;
	take_params(c, &d);
	describe_severities(rs, L, &d);
	rs->code[rs->count] = code;
	rs->rules[rs->count++] = d;
	return 0;
}

/* The line (1-based) where `name =` is first written at or after `from`,
 * and the -- comment on it, so explain can show what a parameter means. */
static int find_param_line(const char *text, size_t length, int from, const char *name,
                           char **comment)
{
	*comment = NULL;
	int line = 1;
	size_t nl = strlen(name), i = 0;
	/* Skip to line `from` a line at a time, not a byte at a time. */
	while (line < from && i < length) {
		const char *end = memchr(text + i, '\n', length - i);
		if (!end)
			return 0;
		i = (size_t)(end - text) + 1;
		line++;
	}
	for (; i < length; i++) {
		if (line >= from && (i == 0 || text[i - 1] == '\n')) {
			size_t j = i;
			while (j < length && (text[j] == ' ' || text[j] == '\t'))
				j++;
			if (j + nl < length && !memcmp(text + j, name, nl)) {
				size_t k = j + nl;
				while (k < length && (text[k] == ' ' || text[k] == '\t'))
					k++;
				if (k < length && text[k] == '=' && text[k + 1] != '=') {
					const char *end = memchr(text + k, '\n', length - k);
					size_t stop = end ? (size_t)(end - text) : length;
					const char *dash = NULL;
					for (size_t m = k; m + 1 < stop; m++)
						if (text[m] == '-' && text[m + 1] == '-') {
							dash = text + m + 2;
							break;
						}
					if (dash) {
						while (*dash == ' ' || *dash == '-')
							dash++;
						size_t cl = (size_t)(text + stop - dash);
						while (cl && (dash[cl - 1] == ' ' || dash[cl - 1] == '\r'))
							cl--;
						*comment = strndup(dash, cl);
					}
					return line;
				}
			}
		}
		if (text[i] == '\n')
			line++;
	}
	return 0;
}

static int compare_params(const void *pa, const void *pb)
{
	const rule_param *a = pa, *b = pb;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int api_params(lua_State *L)
{
	run_ctx *c = rules_ctx(L);
	/* Each parameter's value as written, its line and its -- comment:
	 * only explain shows them, and working them out for every parameter
	 * was a tenth of loading the rules. */
	bool describe_params = rules_from_state(L)->options->describe_params;
	if (!c->loading)
		return luaL_error(L, _("params{} can only be called at the top level of a rule file"));
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	lua_Debug ar;
	int from = 1;
	if (describe_params && lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		from = ar.currentline;
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			return luaL_error(L, _("params{}: parameter names should be text, such as points = 0.5"));
		int t = lua_type(L, -1);
		if (t != LUA_TNUMBER && t != LUA_TSTRING && t != LUA_TBOOLEAN && t != LUA_TTABLE &&
		    !ldec_is(L, -1, NULL))
			return luaL_error(L, _("the value of parameter %s should be a number, text, a boolean or a list"), lua_tostring(L, -2));
		rule_param *p = xrealloc(c->pending_params,
		                         (c->pending_param_count + 1) * sizeof *p);
		c->pending_params = p;
		p = &p[c->pending_param_count++];
		memset(p, 0, sizeof *p);
		sandbox_charge(L, 1 + lua_rawlen(L, -2) / 8);
		p->name = xstrdup(lua_tostring(L, -2));
		if (!describe_params) {
			lua_pop(L, 1);
			continue;
		}
		if (t == LUA_TTABLE) {
			/* Shown by explain as the rule file writes it:
			 * { "a", "b" }.  The list's index is taken before
			 * buffinit, which may push a placeholder. */
			int list = lua_absindex(L, -1);
			luaL_Buffer b;
			luaL_buffinit(L, &b);
			lua_Integer n = (lua_Integer)lua_rawlen(L, list);
			luaL_addstring(&b, n ? "{ " : "{}");
			for (lua_Integer i = 1; i <= n; i++) {
				if (i > 1)
					luaL_addstring(&b, ", ");
				bool text = lua_rawgeti(L, list, i) == LUA_TSTRING;
				lua_pop(L, 1);
				if (text)
					luaL_addchar(&b, '"');
				lua_rawgeti(L, list, i);
				luaL_tolstring(L, -1, NULL);
				lua_remove(L, -2);
				luaL_addvalue(&b);
				if (text)
					luaL_addchar(&b, '"');
			}
			if (n)
				luaL_addstring(&b, " }");
			luaL_pushresult(&b);
			p->value = xstrdup(lua_tostring(L, -1));
			lua_pop(L, 1);
		} else {
			p->value = xstrdup(luaL_tolstring(L, -1, NULL));
			lua_pop(L, 1);
		}
		p->line = find_param_line(c->loading_text, c->loading_length, from, p->name,
		                          &p->comment);
		lua_pop(L, 1);
	}
	if (c->pending_param_count > 1)
		qsort(c->pending_params, c->pending_param_count, sizeof *c->pending_params,
		      compare_params);
	/* Rules read their parameters through a read-only table that asks
	 * the report's scoring framework first (score_framework.h). */
	rules_push_params(L, 1, c->loading_file);
	return 1;
}

void rules_decl_reset(run_ctx *c)
{
	for (size_t i = 0; i < c->pending_param_count; i++) {
		free(c->pending_params[i].name);
		free(c->pending_params[i].value);
		free(c->pending_params[i].comment);
	}
	free(c->pending_params);
	c->pending_params = NULL;
	c->pending_param_count = 0;
}

const luaL_Reg rules_decl_api[] = {
	{ "rule", api_rule },
	{ "params", api_params },
	{ NULL, NULL },
};

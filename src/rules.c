/*
 * rules — see rules.h.
 *
 * The API a rule sees is a handful of globals in the sandbox base: rule and
 * params (at load), finding, deduct and set_score (in a check), and pure
 * helpers (dec, round, ratio, percent, sum, same_at_precision,
 * days_between, grade_for, indicator, has_indicator).  Each C function
 * finds the running context through the registry, never a C global, so
 * every worker thread's state is independent.
 */
#include "rules.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "rules_chunk_cache.h"
#include "cmd_common.h"
#include "base_fs.h"
#include "rules_coverage.h"
#include "rules_decimal.h"
#include "score_framework.h"
#include "model_report.h"
#include "rules_internal.h"
#include "load_yaml.h"
#include "base_i18n.h"
#include "load_inputs.h"

static const char key_ruleset = 0, key_indicator_index = 0, key_modules = 0, key_previous = 0;
static const char key_module_chunks = 0, key_env_cell = 0;

/* What the running document needs to be reachable from API calls. */
typedef struct run_ctx {
	const rule_decl *rule; /* NULL while loading */
	doc_result *r;
	const pos_tree *pos;
	score_effects *effects;
	/* loading */
	const char *loading_file;
	const char *loading_text;
	size_t loading_length;
	rule_param *pending_params;
	size_t pending_param_count;
	bool loading;
	bool unverified; /* the running rule said it could not check */
	char *unverified_reason; /* and why, when it said (malloc'd) */
	long reported;   /* findings and deductions of the running rule */
	char *previous_path;     /* the report's previous: field */
	bool previous_reported;  /* an unreadable previous report was reported */
} run_ctx;

rule_set *rules_from_state(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_ruleset);
	rule_set *rs = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return rs;
}

static run_ctx *ctx_of(lua_State *L)
{
	return rules_from_state(L)->run;
}

/* ---- small helpers ---------------------------------------------------------- */

typedef struct path_list {
	char **items;
	size_t count, capacity;
} path_list;

static void path_list_add(path_list *l, const char *path)
{
	if (l->count == l->capacity) {
		l->capacity = l->capacity ? l->capacity * 2 : 32;
		l->items = realloc(l->items, l->capacity * sizeof *l->items);
		if (!l->items)
			abort();
	}
	l->items[l->count++] = xstrdup(path);
}

static void path_list_free(path_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Every rule file under dir, skipping lib/ folders and hidden entries. */
static int find_rule_files(const char *dir, path_list *out, char *error, size_t error_size)
{
	size_t count;
	fs_entry *here = fs_list_dir(dir, &count);
	if (!here) {
		snprintf(error, error_size, _("%s: cannot open the rule directory: %s"), dir, strerror(errno));
		return -1;
	}
	int status = 0;
	for (size_t i = 0; i < count && status == 0; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, here[i].name);
		if (here[i].kind == FS_DIR) {
			if (strcmp(here[i].name, "lib") != 0)
				status = find_rule_files(path, out, error, error_size);
		} else if (here[i].kind == FS_FILE && ends_with(here[i].name, ".lua")) {
			path_list_add(out, path);
		}
	}
	fs_free_list(here, count);
	return status;
}

/* A message handler: the error, then the stack restricted to rule files. */
int rules_traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg)
		msg = luaL_tolstring(L, 1, NULL);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addstring(&b, msg);
	lua_Debug ar;
	bool header = false;
	/* lua_getstack walks from the top, so a deep stack (runaway
	 * recursion) would make a full traceback quadratic: show the top. */
	for (int level = 1; level <= 12 && lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sln", &ar);
		if (ar.source[0] != '@' || ar.currentline <= 0)
			continue;
		if (!header) {
			luaL_addstring(&b, _("\nstack traceback:"));
			header = true;
		}
		char line[512];
		if (ar.name)
			snprintf(line, sizeof line, "\n\t%s:%d: in function '%s'", ar.source + 1,
			         ar.currentline, ar.name);
		else if (!strcmp(ar.what, "main"))
			snprintf(line, sizeof line, "\n\t%s:%d: in main chunk", ar.source + 1,
			         ar.currentline);
		else
			snprintf(line, sizeof line, "\n\t%s:%d: in function <%s:%d>", ar.source + 1,
			         ar.currentline, ar.source + 1, ar.linedefined);
		luaL_addstring(&b, line);
	}
	luaL_pushresult(&b);
	return 1;
}

/* ---- declarations: rule { ... } and params { ... } ---------------------------- */

static const char *const decl_fields[] = { "id", "title", "severity", "kinds", "indicator",
	                                   "policy", "reference", "check", "years", NULL };

static bool valid_id(const char *id)
{
	if (!*id || *id == '.' || ends_with(id, "."))
		return false;
	for (const char *p = id; *p; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		          *p == '-' || *p == '_';
		if (!ok || (p[0] == '.' && p[1] == '.'))
			return false;
	}
	return true;
}

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

static unsigned kind_bit(const char *k)
{
	if (!strcmp(k, "department"))
		return KIND_DEPARTMENT;
	if (!strcmp(k, "project"))
		return KIND_PROJECT;
	return 0;
}

static unsigned parse_kinds(lua_State *L, int t)
{
	int type = lua_getfield(L, t, "kinds");
	unsigned kinds = 0;
	if (type == LUA_TSTRING) {
		kinds = kind_bit(lua_tostring(L, -1));
		if (!kinds)
			luaL_error(L, _("rule{} kinds: invalid value '%s': expected \"department\" or \"project\""),
			           lua_tostring(L, -1));
	} else if (type == LUA_TTABLE) {
		lua_Integer n = luaL_len(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_geti(L, -1, i);
			const char *k = lua_tostring(L, -1);
			unsigned bit = k ? kind_bit(k) : 0;
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
			                "indicator policy reference check years)"),
			           k ? k : luaL_tolstring(L, -1, NULL));
	}
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
	memset(&d, 0, sizeof d);
	const char *id = opt_string_field(L, 1, "id", true);
	if (!valid_id(id))
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
	const char *policy = opt_string_field(L, 1, "policy", true);
	const char *reference = opt_string_field(L, 1, "reference", false);
	parse_years(L, 1, &d);
	if (lua_getfield(L, 1, "check") != LUA_TFUNCTION)
		return luaL_error(L, _("rule{} check should be a function(r) ... end, not %s"),
		                  luaL_typename(L, -1));
	lua_Debug ar;
	int line = 0;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		line = ar.currentline;

	if (rs->count == rs->capacity) {
		size_t n = rs->capacity ? rs->capacity * 2 : 32;
		rule_decl *p = realloc(rs->rules, n * sizeof *p);
		if (!p)
			return luaL_error(L, "out of memory");
		rs->rules = p;
		rs->capacity = n;
	}
	/* The check's globals are its _ENV upvalue (shared with the whole
	 * file); each report gets a fresh table there, see run_rule. */
	for (int i = 1;; i++) {
		const char *up = lua_getupvalue(L, -1, i);
		if (!up)
			break;
		lua_pop(L, 1);
		if (!strcmp(up, "_ENV")) {
			d.env_upvalue = i;
			break;
		}
	}
	d.check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	d.id = xstrdup(id);
	d.title = xstrdup(title);
	d.severity = (enum severity)severity;
	d.indicator = xstrdup(indicator);
	d.policy = xstrdup(policy);
	d.reference = xstrdup(reference);
	d.file = xstrdup(c->loading_file);
	d.line = line;
	d.env_mt_ref = LUA_NOREF;
	if (c->pending_param_count) {
		d.params = calloc(c->pending_param_count, sizeof *d.params);
		for (size_t i = 0; d.params && i < c->pending_param_count; i++) {
			d.params[i].name = xstrdup(c->pending_params[i].name);
			d.params[i].value = xstrdup(c->pending_params[i].value);
			d.params[i].comment = xstrdup(c->pending_params[i].comment);
			d.params[i].line = c->pending_params[i].line;
		}
		d.param_count = d.params ? c->pending_param_count : 0;
	}
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

/* Whether params{} keeps, for each parameter, its value as written, its
 * line and its -- comment: only explain shows them, and working them out
 * for every parameter was a tenth of loading the rules. */
static bool describe_params;

void ruleset_describe_params(bool on)
{
	describe_params = on;
}

static int api_params(lua_State *L)
{
	run_ctx *c = ctx_of(L);
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
		rule_param *p = realloc(c->pending_params,
		                        (c->pending_param_count + 1) * sizeof *p);
		if (!p)
			return luaL_error(L, "out of memory");
		c->pending_params = p;
		p = &p[c->pending_param_count++];
		memset(p, 0, sizeof *p);
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
	framework_push_params(L, 1, c->loading_file);
	return 1;
}

/* ---- locating what a rule points at --------------------------------------------- */

/* Resolve an `at` argument (a view of a report node, or a data path string)
 * and an optional field into path/line/column. */
static void locate(lua_State *L, int at, int field, char *path, size_t size, int *line,
                   int *column)
{
	run_ctx *c = ctx_of(L);
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
static const char *resolve_indicator(lua_State *L, const char *wanted, bool raise)
{
	run_ctx *c = ctx_of(L);
	const char *found = NULL;
	size_t wl = strlen(wanted);
	int matches = 0;
	for (size_t i = 0; i < c->r->indicator_count; i++) {
		const char *p = c->r->indicators[i].path;
		if (!strcmp(p, wanted))
			return p;
		size_t pl = strlen(p);
		if (pl > wl && p[pl - wl - 1] == '/' && !strcmp(p + pl - wl, wanted)) {
			found = p;
			matches++;
		}
	}
	if (matches == 1)
		return found;
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

static run_ctx *checking(lua_State *L, const char *fn)
{
	run_ctx *c = ctx_of(L);
	if (!c || !c->rule)
		luaL_error(L, _("%s can only be called inside a rule's check function"), fn);
	return c;
}

/* ---- the check API -------------------------------------------------------------- */

/* Findings live outside the Lua state, where neither the memory ceiling
 * nor the output can absorb a rule that reports in a loop: past the limit
 * the rule stops, as for the instruction budget. */
static void count_report(lua_State *L, run_ctx *c)
{
	long limit = rules_from_state(L)->max_findings;
	if (++c->reported > limit)
		luaL_error(L, _("the rule reported more than %I findings and deductions (the limit; --limit findings=N changes it)"), (lua_Integer)limit);
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
	run_ctx *c = checking(L, "finding");
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
	if (f && c->rule->indicator) {
		const char *ind = resolve_indicator(L, c->rule->indicator, false);
		if (ind)
			finding_set_indicator(f, ind, NULL);
	}
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

/* deduct(points, reason [, at [, field]]) or deduct{points=, reason=, indicator=, at=, field=} */
static int api_deduct(lua_State *L)
{
	run_ctx *c = checking(L, "deduct");
	const char *indicator = c->rule->indicator;
	if (lua_type(L, 1) == LUA_TTABLE) {
		lua_settop(L, 1);
		lua_getfield(L, 1, "points");
		lua_getfield(L, 1, "reason");
		lua_getfield(L, 1, "at");
		lua_getfield(L, 1, "field");
		if (lua_getfield(L, 1, "indicator") != LUA_TNIL)
			indicator = luaL_checkstring(L, -1);
		lua_remove(L, 1); /* keep the indicator string on the stack */
	}
	decimal points = check_points(L, 1, "deduct");
	const char *reason = bounded_message(L, 2);
	count_report(L, c);
	if (dec_is_neg(points))
		return luaL_error(L, _("deduct: the points cannot be negative (%s)"), lua_tostring(L, 1));
	if (!indicator)
		return luaL_error(L, _("rule %s declares no indicator and cannot deduct points; write indicator = \"LEVEL1/LEVEL2\" in its rule{}"),
		                  c->rule->id);
	const char *path = resolve_indicator(L, indicator, true);
	char where[1024];
	int line, column;
	locate(L, 3, 4, where, sizeof where, &line, &column);
	if (!where[0]) {
		for (size_t i = 0; i < c->r->indicator_count; i++)
			if (!strcmp(c->r->indicators[i].path, path)) {
				snprintf(where, sizeof where, "%s", c->r->indicators[i].data_path);
				line = c->r->indicators[i].line;
			}
	}
	points = dec_normalize(points);
	finding *f = result_add(c->r, c->rule->id, c->rule->severity, reason, where, line, column);
	if (f)
		finding_set_indicator(f, path, &points);
	score_add_effect(c->effects, path, c->rule->id, reason, points, false);
	return 0;
}

/* set_score(score [, note]) or set_score{score=, note=, indicator=} */
static int api_set_score(lua_State *L)
{
	const run_ctx *c = checking(L, "set_score");
	const char *indicator = c->rule->indicator;
	if (lua_type(L, 1) == LUA_TTABLE) {
		lua_settop(L, 1);
		lua_getfield(L, 1, "score");
		lua_getfield(L, 1, "note");
		if (lua_getfield(L, 1, "indicator") != LUA_TNIL)
			indicator = luaL_checkstring(L, -1);
		lua_remove(L, 1);
	}
	decimal score = check_points(L, 1, "set_score");
	const char *note = luaL_optstring(L, 2, NULL);
	if (!indicator)
		return luaL_error(L, _("rule %s declares no indicator and cannot set a score"), c->rule->id);
	const char *path = resolve_indicator(L, indicator, true);
	score_add_effect(c->effects, path, c->rule->id, note, dec_normalize(score), true);
	return 0;
}

/* ---- pure helpers --------------------------------------------------------------- */

static int check_places(lua_State *L, int arg, int fallback)
{
	lua_Integer p = luaL_optinteger(L, arg, fallback);
	luaL_argcheck(L, p >= 0 && p <= DEC_MAX_SCALE, arg, "places must be 0..18");
	return (int)p;
}

static int api_round(lua_State *L)
{
	decimal d = ldec_check(L, 1), out;
	int places = check_places(L, 2, 0);
	if (!dec_round(d, places, &out))
		return luaL_error(L, "decimal overflow in 'round'");
	ldec_push(L, out);
	return 1;
}

/* ratio(a, b [, places]): a / b, exactly rounded; nil when b is zero. */
static int api_ratio(lua_State *L)
{
	decimal a = ldec_check(L, 1), b = ldec_check(L, 2), out;
	int places = check_places(L, 3, DEC_DIV_SCALE);
	if (dec_is_zero(b)) {
		lua_pushnil(L);
		return 1;
	}
	if (!dec_div(a, b, places, &out))
		return luaL_error(L, "decimal overflow in 'ratio'");
	ldec_push(L, out);
	return 1;
}

/* percent(a, b [, places]): a / b × 100; nil when b is zero. */
static int api_percent(lua_State *L)
{
	decimal a = ldec_check(L, 1), b = ldec_check(L, 2), out, scaled;
	int places = check_places(L, 3, DEC_DIV_SCALE - 2);
	if (dec_is_zero(b)) {
		lua_pushnil(L);
		return 1;
	}
	if (!dec_shift(a, 2, &scaled) || !dec_div(scaled, b, places, &out))
		return luaL_error(L, "decimal overflow in 'percent'");
	ldec_push(L, out);
	return 1;
}

/* sum(list [, field]): the exact sum of the numbers in a list (or of one
 * field of each item), and how many there were; non-numbers are skipped. */
static int api_sum(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	const char *field = luaL_optstring(L, 2, NULL);
	decimal total = dec_from_int(0);
	lua_Integer count = 0;
	if (lua_type(L, 1) == LUA_TTABLE && !field) {
		lua_Integer n = luaL_len(L, 1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_geti(L, 1, i);
			decimal d;
			if (ldec_to(L, -1, &d)) {
				if (!dec_add(total, d, &total))
					return luaL_error(L, "decimal overflow in 'sum'");
				count++;
			}
			lua_pop(L, 1);
		}
	} else {
		lua_Integer n = luaL_len(L, 1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_geti(L, 1, i);
			if (lua_istable(L, -1)) {
				lua_getfield(L, -1, field);
				decimal d;
				if (ldec_to(L, -1, &d)) {
					if (!dec_add(total, d, &total))
						return luaL_error(L, "decimal overflow in 'sum'");
					count++;
				}
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
	}
	ldec_push(L, total);
	lua_pushinteger(L, count);
	return 2;
}

/* same_at_precision(printed, exact): does `exact`, rounded half away from
 * zero to the places `printed` was written with, equal it?  Also returns
 * that rounded value, for the message. */
static int api_same_at_precision(lua_State *L)
{
	decimal printed = ldec_check(L, 1), exact = ldec_check(L, 2), rounded;
	if (!dec_round(exact, printed.scale, &rounded))
		return luaL_error(L, "decimal overflow in 'same_at_precision'");
	lua_pushboolean(L, dec_cmp(rounded, printed) == 0);
	ldec_push(L, rounded);
	return 2;
}

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD"; false if invalid. */
static bool iso_days(const char *s, long *days)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10)
		return false;
	static const int month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 ||
	    d > month_days[m - 1] + (m == 2 && leap))
		return false;
	/* days_from_civil (Howard Hinnant's algorithm) */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*days = era * 146097 + doe - 719468;
	return true;
}

static long check_date(lua_State *L, int arg)
{
	const char *s = lua_tostring(L, arg);
	long days;
	if (!s || !iso_days(s, &days))
		luaL_error(L, "bad argument #%d to 'days_between' (date YYYY-MM-DD expected, got %s)",
		           arg, s ? s : luaL_typename(L, arg));
	return days;
}

/* days_between(from, to): whole days from one ISO date to another. */
static int api_days_between(lua_State *L)
{
	long a = check_date(L, 1), b = check_date(L, 2);
	lua_pushinteger(L, b - a);
	return 1;
}

static int api_is_date(lua_State *L)
{
	const char *s = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
	long days;
	lua_pushboolean(L, s && iso_days(s, &days));
	return 1;
}

static int api_grade_for(lua_State *L)
{
	decimal total = ldec_check(L, 1);
	const char *g = score_grade_for(framework_bands(rules_from_state(L)), total);
	if (g)
		lua_pushstring(L, g);
	else
		lua_pushnil(L);
	return 1;
}

/* Build (once per report) path -> indicator table, from the model's `path`
 * fields. */
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

/* indicator(path): the claimed indicator (read-only), or nil. */
static int api_indicator(lua_State *L)
{
	checking(L, "indicator");
	const char *wanted = luaL_checkstring(L, 1);
	const char *path = resolve_indicator(L, wanted, false);
	if (!path)
		return 0;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_indicator_index);
	lua_getfield(L, -1, path);
	if (!lua_istable(L, -1))
		return 0;
	sandbox_push_view(L, -1);
	return 1;
}

/* ---- history: previous() ---------------------------------------------------------- */

/* Load the report at path into a normalised table (pushed), or push nil
 * and set why. */
static void load_previous(lua_State *L, const char *path, char *why, size_t size)
{
	yload ld;
	why[0] = '\0';
	if (yload_open(&ld, path, NULL, why, size) != 0) {
		lua_pushnil(L);
		return;
	}
	pos_tree pos;
	pos_tree_init(&pos);
	doc_result *r = result_new(path, 0);
	if (yload_next(&ld, L, &pos, r) != 1)
		lua_pushnil(L);
	else if (lua_istable(L, -1) && report_model(L, -1, &pos, r) != 0)
		lua_pushnil(L), lua_remove(L, -2);
	for (size_t i = 0; i < r->finding_count && !why[0]; i++)
		if (r->findings[i].severity == SEV_ERROR)
			snprintf(why, size, "%d:%d: %s", r->findings[i].line, r->findings[i].column,
			         r->findings[i].message);
	if (why[0] && !lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushnil(L);
	}
	result_free(r);
	pos_tree_free(&pos);
	yload_close(&ld);
}

/* previous(): the same unit's report for the year before (read-only), from
 * the report's previous: path or among the files being checked; nil when
 * there is none.  Loaded once per report. */
static int api_previous(lua_State *L)
{
	run_ctx *c = checking(L, "previous");
	rule_set *rs = rules_from_state(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_previous);
	if (!lua_isnil(L, -1)) {
		if (lua_toboolean(L, -1) && lua_istable(L, -1))
			sandbox_push_view(L, -1);
		else
			lua_pushnil(L);
		return 1;
	}
	lua_pop(L, 1);
	char path[4096] = "";
	if (c->previous_path && c->previous_path[0]) {
		if (c->previous_path[0] == '/') {
			snprintf(path, sizeof path, "%s", c->previous_path);
		} else {
			const char *slash = strrchr(c->r->file, '/');
			snprintf(path, sizeof path, "%.*s%s%s", slash ? (int)(slash - c->r->file) : 0,
			         c->r->file, slash ? "/" : "", c->previous_path);
		}
	} else if (c->r->unit && c->r->has_year) {
		input_index_find(rs->inputs, c->r->unit, c->r->year - 1, path, sizeof path);
	}
	if (!path[0]) {
		lua_pushboolean(L, 0);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &key_previous);
		lua_pushnil(L);
		return 1;
	}
	/* The previous report is data, not the rule's doing: load it with the
	 * rule's meter paused. */
	char why[512];
	load_previous(L, path, why, sizeof why);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 0);
		if (!c->previous_reported) {
			c->previous_reported = true;
			/* at the previous: line that named the file */
			int complete;
			int32_t node = c->previous_path ? pos_resolve(c->pos, "previous", &complete) : -1;
			result_addf(c->r, RULE_HISTORY, SEV_WARNING, "previous",
			            node >= 0 ? (int)c->pos->nodes[node].line : 0,
			            node >= 0 ? (int)c->pos->nodes[node].column : 0,
			            _("cannot read the previous year's report %s: %s"), path,
			            why[0] ? why : _("not a valid report"));
		}
	}
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_previous);
	if (lua_istable(L, -1))
		sandbox_push_view(L, -1);
	else
		lua_pushnil(L);
	return 1;
}

static int api_has_indicator(lua_State *L)
{
	checking(L, "has_indicator");
	lua_pushboolean(L, resolve_indicator(L, luaL_checkstring(L, 1), false) != NULL);
	return 1;
}

/* ---- coverage ------------------------------------------------------------------ */

static int dump_writer(lua_State *L, const void *p, size_t size, void *ud)
{
	(void)L;
	FILE *f = ud;
	return fwrite(p, 1, size, f) == size ? 0 : 1;
}

/* The chunk on top of the stack was compiled from `file`: tell coverage
 * which of its lines can run. */
static void trace_chunk(rule_set *rs, const char *file)
{
	if (!rs->coverage)
		return;
	char *buf = NULL;
	size_t length = 0;
	FILE *f = open_memstream(&buf, &length);
	if (!f)
		return;
	lua_dump(rs->L, dump_writer, f, 0);
	fclose(f);
	coverage_add_chunk(rs->coverage, file, (const unsigned char *)buf, length);
	free(buf);
}

static void observe_line(void *context, const char *source, int line)
{
	if (source[0] == '@')
		coverage_hit(context, source + 1, line);
}

/* Push the compiled chunk of the module at `path`, compiling it the first
 * time any rule file requires it; false when there is no such file. */
static bool push_module_chunk(rule_set *rs, const char *path)
{
	lua_State *L = rs->L;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_module_chunks);
	if (lua_getfield(L, -1, path) == LUA_TFUNCTION) {
		lua_remove(L, -2);
		return true;
	}
	lua_pop(L, 2);
	size_t length;
	char *text = fs_read_file(path, 0, SIZE_MAX, &length, NULL);
	if (!text)
		return false;
	char chunkname[4100];
	snprintf(chunkname, sizeof chunkname, "@%s", path);
	lua_newtable(L); /* replaced by each instance's own globals */
	int status = chunk_cache_load(L, text, length, chunkname, -1);
	free(text);
	if (status != LUA_OK)
		lua_error(L);
	lua_remove(L, -2);
	trace_chunk(rs, path);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_module_chunks);
	lua_pushvalue(L, -2);
	lua_setfield(L, -2, path);
	lua_pop(L, 1);
	return true;
}

/* require(name): a module from a lib/ folder of the rule directories. */
static int api_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '.' || *p == '-') ||
		    (p[0] == '.' && p[1] == '.'))
			return luaL_error(L, _("require '%s': a module name may only hold letters, digits, dots, - and _"), name);
	/* One instance per requiring rule file: a module's globals and
	 * upvalues must not carry state from one rule file to another. */
	rule_set *rs = rules_from_state(L);
	run_ctx *ctx = rs->run;
	const char *owner = ctx->loading ? ctx->loading_file : ctx->rule ? ctx->rule->file : "";
	char cache_key[4600];
	snprintf(cache_key, sizeof cache_key, "%s\n%s", owner ? owner : "", name);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_modules);
	if (lua_getfield(L, -1, cache_key) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	char rel[512];
	snprintf(rel, sizeof rel, "%s", name);
	for (char *p = rel; *p; p++)
		if (*p == '.')
			*p = '/';
	for (size_t i = 0; i < rs->dir_count; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/lib/%s.lua", rs->dirs[i], rel);
		if (!push_module_chunk(rs, path))
			continue;
		lua_newtable(L); /* the module's own globals */
		lua_newtable(L);
		sandbox_push_base(L);
		lua_setfield(L, -2, "__index");
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		lua_setmetatable(L, -2);
		/* A fresh _ENV cell for this instance: the chunk's functions
		 * from earlier instances keep theirs. */
		lua_rawgetp(L, LUA_REGISTRYINDEX, &key_env_cell);
		lua_insert(L, -2);
		lua_call(L, 1, 1);
		lua_upvaluejoin(L, -2, 1, -1, 1);
		lua_pop(L, 1);
		lua_call(L, 0, 1);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			lua_pushboolean(L, 1);
		}
		/* Every rule that requires the module gets the same value: a
		 * read-only view, so no rule can change it for the others. */
		if (lua_istable(L, -1)) {
			sandbox_push_view(L, -1);
			lua_remove(L, -2);
		}
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, cache_key);
		return 1;
	}
	return luaL_error(L, _("module '%s' not found: require only loads modules from lib/ in a rule directory (such as lib/%s.lua)"),
	                  name, rel);
}

/* unverified([reason]): this run could not check the rule's indicator (its
 * data is missing), so the indicator must not count as verified. */
static int api_unverified(lua_State *L)
{
	run_ctx *c = ctx_of(L);
	checking(L, "unverified");
	const char *reason = lua_isnoneornil(L, 1) ? NULL : bounded_message(L, 1);
	c->unverified = true;
	if (reason && !c->unverified_reason)
		c->unverified_reason = xstrdup(reason); /* the first reason given */
	return 0;
}

/* fixed(x, places): x as text with exactly `places` decimal places
 * (half away from zero): fixed(312.6, 2) is "312.60". */
static int api_fixed(lua_State *L)
{
	decimal d = ldec_check(L, 1), out;
	int places = check_places(L, 2, 2);
	if (!dec_rescale(d, places, &out))
		return luaL_error(L, "decimal overflow in 'fixed'");
	char buf[DEC_BUFSIZE];
	dec_format(out, buf);
	lua_pushstring(L, buf);
	return 1;
}

static const luaL_Reg api[] = {
	{ "rule", api_rule },
	{ "params", api_params },
	{ "finding", api_finding },
	{ "deduct", api_deduct },
	{ "set_score", api_set_score },
	{ "round", api_round },
	{ "ratio", api_ratio },
	{ "percent", api_percent },
	{ "sum", api_sum },
	{ "same_at_precision", api_same_at_precision },
	{ "days_between", api_days_between },
	{ "is_date", api_is_date },
	{ "grade_for", api_grade_for },
	{ "indicator", api_indicator },
	{ "has_indicator", api_has_indicator },
	{ "require", api_require },
	{ "unverified", api_unverified },
	{ "fixed", api_fixed },
	{ "previous", api_previous },
	{ NULL, NULL },
};

/* ---- ruleset.yaml ------------------------------------------------------------------ */

static int load_ruleset_config(rule_set *rs, const char *dir, char *error, size_t error_size)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/ruleset.yaml", dir);
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	lua_State *L = rs->L;
	yload ld;
	char why[256];
	if (yload_open(&ld, path, NULL, why, sizeof why) != 0) {
		snprintf(error, error_size, "%s: %s", path, why);
		return -1;
	}
	doc_result *r = result_new(path, 0);
	pos_tree pos;
	pos_tree_init(&pos);
	int status = 0;
	if (yload_next(&ld, L, &pos, r) == 1) {
		if (r->finding_count) {
			snprintf(error, error_size, "%s:%d: %s", path, r->findings[0].line,
			         r->findings[0].message);
			status = -1;
		} else if (lua_istable(L, -1)) {
			int t = lua_gettop(L);
			if (lua_getfield(L, t, "name") == LUA_TSTRING) {
				free(rs->name);
				rs->name = xstrdup(lua_tostring(L, -1));
			}
			if (lua_getfield(L, t, "version") != LUA_TNIL) {
				free(rs->version);
				rs->version = xstrdup(luaL_tolstring(L, -1, NULL));
				lua_pop(L, 1);
			}
			lua_pop(L, 2);
			if (lua_getfield(L, t, "grades") == LUA_TTABLE) {
				grade_bands b = { .count = 0 };
				lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
				for (lua_Integer i = 1; i <= n && status == 0; i++) {
					lua_rawgeti(L, -1, i);
					lua_getfield(L, -1, "grade");
					lua_getfield(L, -2, "min");
					decimal min;
					const char *g = lua_tostring(L, -2);
					if (!g || !ldec_to(L, -1, &min) || b.count >= GRADE_BANDS_MAX ||
					    strlen(g) >= sizeof b.band[0].name ||
					    (b.count && dec_cmp(min, b.band[b.count - 1].min) >= 0)) {
						snprintf(error, error_size,
						         _("%s: grades item %d is invalid: every item should be {grade: GRADE, min: "
						           "LOWEST SCORE}, from the highest score down, at most %d items"),
						         path, (int)i, GRADE_BANDS_MAX);
						status = -1;
					} else {
						snprintf(b.band[b.count].name, sizeof b.band[0].name, "%s", g);
						b.band[b.count++].min = min;
					}
					lua_pop(L, 3);
				}
				if (status == 0 && b.count)
					rs->bands = b;
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	pos_tree_free(&pos);
	result_free(r);
	yload_close(&ld);
	return status;
}

/* ---- loading --------------------------------------------------------------------- */

static int load_rule_file(rule_set *rs, const char *path, char *error, size_t error_size)
{
	lua_State *L = rs->L;
	run_ctx *c = rs->run;
	size_t length;
	char *text = fs_read_file(path, 0, SIZE_MAX, &length, NULL);
	if (!text) {
		snprintf(error, error_size, _("%s: cannot read the rule file: %s"), path, strerror(errno));
		return -1;
	}
	c->loading = true;
	c->loading_file = path;
	c->loading_text = text;
	c->loading_length = length;
	size_t first = rs->count;

	/* The file's own globals: read through to the base, written here. */
	lua_newtable(L);
	int env = lua_gettop(L);
	lua_newtable(L);
	sandbox_push_base(L);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, env);

	lua_pushcfunction(L, rules_traceback);
	char chunkname[4100];
	snprintf(chunkname, sizeof chunkname, "@%s", path);
	int status = chunk_cache_load(L, text, length, chunkname, env);
	if (status == LUA_OK) {
		trace_chunk(rs, path);
		sandbox_set_env(L, env);
		sandbox_begin_rule(L);
		status = lua_pcall(L, 0, 0, env + 1);
		sandbox_end_rule(L);
		lua_pushnil(L);
		sandbox_set_env(L, -1);
		lua_pop(L, 1);
	}
	if (status != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		snprintf(error, error_size, "%s", msg ? msg : _("the rule file failed to load"));
		if (status == LUA_ERRMEM)
			snprintf(error, error_size, _("%s: over the memory limit while loading"), path);
	} else if (rs->count == first) {
		snprintf(error, error_size, _("%s: the file declares no rule{ ... } (a rule file declares at least one "
		                              "rule; put shared functions in lib/)"),
		         path);
		status = -1;
	}
	/* Each rule of the file gets a metatable whose __index is the
	 * file's environment: per-report globals read through to it. */
	for (size_t i = first; status == LUA_OK && i < rs->count; i++) {
		lua_newtable(L);
		lua_pushvalue(L, env);
		lua_setfield(L, -2, "__index");
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		rs->rules[i].env_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	lua_settop(L, env - 1);
	for (size_t i = 0; i < c->pending_param_count; i++) {
		free(c->pending_params[i].name);
		free(c->pending_params[i].value);
		free(c->pending_params[i].comment);
	}
	free(c->pending_params);
	c->pending_params = NULL;
	c->pending_param_count = 0;
	c->loading = false;
	c->loading_file = NULL;
	free(text);
	return status == LUA_OK ? 0 : -1;
}

int ruleset_open(rule_set *rs, const char *const *dirs, size_t dir_count,
                 const sandbox_limits *limits, char *error, size_t error_size)
{
	return ruleset_open_traced(rs, dirs, dir_count, limits, NULL, error, error_size);
}

int ruleset_open_traced(rule_set *rs, const char *const *dirs, size_t dir_count,
                        const sandbox_limits *limits, struct rule_coverage *coverage,
                        char *error, size_t error_size)
{
	memset(rs, 0, sizeof *rs);
	rs->coverage = coverage;
	rs->bands = grade_bands_default;
	rs->name = xstrdup(_("pevcheck rule set"));
	rs->version = xstrdup(PEVCHECK_VERSION);
	rs->L = sandbox_new(limits);
	rs->max_findings = (limits ? limits : &sandbox_limits_default)->rule_findings;
	if (!rs->L) {
		snprintf(error, error_size, "%s", _("cannot create a Lua state: out of memory"));
		return -1;
	}
	lua_State *L = rs->L;
	rs->run = calloc(1, sizeof(run_ctx));
	if (!rs->run)
		abort();
	lua_pushlightuserdata(L, rs);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_ruleset);
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_modules);
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_module_chunks);
	/* env_cell(e) returns a function whose one upvalue is a new cell
	 * holding e (see api_require). */
	if (luaL_loadstring(L, "local e = ... return function() return e end") != LUA_OK)
		abort();
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_env_cell);
	for (const luaL_Reg *r = api; r->name; r++)
		sandbox_register(L, r->name, r->func);
	/* Decimal helpers: dec(x), is_decimal(x). */
	luaL_requiref(L, "pevcheck.decimal", luaopen_decimal, 0);
	sandbox_push_base(L);
	lua_getfield(L, -2, "dec");
	lua_setfield(L, -2, "dec");
	lua_getfield(L, -2, "is_decimal");
	lua_setfield(L, -2, "is_decimal");
	lua_pop(L, 2);

	if (coverage)
		sandbox_observe_lines(L, observe_line, coverage);
	rs->dirs = calloc(dir_count ? dir_count : 1, sizeof *rs->dirs);
	rs->dir_count = dir_count;
	for (size_t i = 0; i < dir_count; i++)
		rs->dirs[i] = xstrdup(dirs[i]);

	path_list files = { 0 };
	int status = 0;
	for (size_t i = 0; i < dir_count && status == 0; i++) {
		status = find_rule_files(dirs[i], &files, error, error_size);
		if (status == 0)
			status = load_ruleset_config(rs, dirs[i], error, error_size);
	}
	for (size_t i = 0; i < files.count && status == 0; i++)
		status = load_rule_file(rs, files.items[i], error, error_size);
	path_list_free(&files);
	if (status == 0)
		status = framework_load(rs, error, error_size);
	lua_gc(L, LUA_GCCOLLECT);
	return status;
}

void ruleset_close(rule_set *rs)
{
	for (size_t i = 0; i < rs->count; i++) {
		rule_decl *d = &rs->rules[i];
		free(d->id);
		free(d->title);
		free(d->policy);
		free(d->reference);
		free(d->indicator);
		free(d->file);
		for (size_t j = 0; j < d->param_count; j++) {
			free(d->params[j].name);
			free(d->params[j].value);
			free(d->params[j].comment);
		}
		free(d->params);
	}
	free(rs->rules);
	for (size_t i = 0; i < rs->dir_count; i++)
		free(rs->dirs[i]);
	free(rs->dirs);
	free(rs->name);
	free(rs->version);
	free(rs->forced_framework);
	if (rs->run)
		free(((run_ctx *)rs->run)->previous_path);
	free(rs->run);
	framework_free(rs);
	sandbox_close(rs->L);
	memset(rs, 0, sizeof *rs);
}

const rule_decl *ruleset_find(const rule_set *rs, const char *id)
{
	for (size_t i = 0; i < rs->count; i++)
		if (!strcmp(rs->rules[i].id, id))
			return &rs->rules[i];
	return NULL;
}

/* ---- running ----------------------------------------------------------------------- */

static bool applies(const rule_decl *d, const doc_result *r)
{
	unsigned kind = r->kind ? kind_bit(r->kind) : 0;
	if (!(d->kinds & kind))
		return false;
	if (r->has_year && d->year_from && r->year < d->year_from)
		return false;
	if (r->has_year && d->year_until && r->year > d->year_until)
		return false;
	return true;
}

/* Where the rule's error happened: the first "file:line:" of its message. */
static void crash_source(const char *msg, char *out, size_t size)
{
	out[0] = '\0';
	const char *colon = strchr(msg, ':');
	if (!colon)
		return;
	const char *p = colon + 1;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > colon + 1 && *p == ':')
		snprintf(out, size, "%.*s", (int)(p - msg), msg);
}

static void drop_findings(doc_result *r, size_t keep)
{
	while (r->finding_count > keep) {
		finding *f = &r->findings[--r->finding_count];
		free(f->rule);
		free(f->message);
		free(f->path);
		free(f->indicator);
		free(f->source);
	}
}

static void drop_effects(score_effects *e, size_t keep)
{
	while (e->count > keep) {
		score_effect *x = &e->items[--e->count];
		free(x->indicator);
		free(x->rule);
		free(x->reason);
	}
}

static void run_rule(rule_set *rs, const rule_decl *d, int view)
{
	lua_State *L = rs->L;
	run_ctx *c = rs->run;
	int top = lua_gettop(L);
	c->rule = d;
	c->unverified = false;
	free(c->unverified_reason);
	c->unverified_reason = NULL;
	c->reported = 0;
	lua_pushcfunction(L, rules_traceback);
	lua_rawgeti(L, LUA_REGISTRYINDEX, d->check_ref);
	/* Fresh globals for this rule and report, reading through to the
	 * file's environment. */
	lua_newtable(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, d->env_mt_ref);
	lua_setmetatable(L, -2);
	sandbox_set_env(L, -1);
	if (d->env_upvalue)
		lua_setupvalue(L, -2, d->env_upvalue);
	else
		lua_pop(L, 1);
	lua_pushvalue(L, view);
	size_t findings_before = c->r->finding_count, effects_before = c->effects->count;
	struct timespec started;
	if (rs->profile)
		clock_gettime(CLOCK_MONOTONIC, &started);
	sandbox_begin_rule(L);
	int status = lua_pcall(L, 1, 0, top + 1);
	if (rs->profile) {
		struct timespec ended;
		clock_gettime(CLOCK_MONOTONIC, &ended);
		rule_decl *timed = (rule_decl *)d;
		timed->profile_calls++;
		timed->profile_ns += (unsigned long long)((ended.tv_sec - started.tv_sec) * 1000000000LL +
		                                          (ended.tv_nsec - started.tv_nsec));
	}
	const char *stop = sandbox_stop_reason(L);
	sandbox_end_rule(L);
	c->rule = NULL;
	if (status != LUA_OK) {
		rs->crashes++;
		/* What a rule did before it failed is not to be trusted: its
		 * findings and deductions go, the failure stays. */
		drop_findings(c->r, findings_before);
		drop_effects(c->effects, effects_before);
		const char *msg = lua_tostring(L, -1);
		if (!msg)
			msg = _("(the error object is not text)");
		char source[512];
		crash_source(msg, source, sizeof source);
		const char *why = status == LUA_ERRMEM || (stop && !strcmp(stop, "memory"))
		                          ? _("over the memory limit (the rule allocated too much memory)")
		                          : NULL;
		finding *f = result_addf(c->r, d->id, SEV_ERROR, NULL, 0, 0, _("rule failed (defined at %s:%d): %s%s%s"),
		                         d->file, d->line, why ? why : msg, why ? _("; ") : "",
		                         why ? msg : "");
		if (f) {
			free(f->source);
			f->source = xstrdup(source[0] ? source : NULL);
		}
	} else if (d->indicator) {
		/* A rule that ran to the end has checked its indicator, unless
		 * it said it could not: then the reader is told why. */
		const char *path = resolve_indicator(L, d->indicator, false);
		if (path && !c->unverified)
			score_add_covered(c->effects, path);
		else if (path)
			score_add_unverified(c->effects, path, d->id, c->unverified_reason);
	}
	free(c->unverified_reason);
	c->unverified_reason = NULL;
	lua_settop(L, top);
}

void ruleset_check(rule_set *rs, int index, const pos_tree *pos, doc_result *r,
                   score_effects *e)
{
	lua_State *L = rs->L;
	run_ctx *c = rs->run;
	int root = lua_absindex(L, index);
	c->r = r;
	c->pos = pos;
	c->effects = e;
	sandbox_reset_views(L);
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
	/* The scoring framework: forced by the command line, or the report's. */
	const char *framework = rs->forced_framework;
	lua_pushliteral(L, "framework");
	lua_rawget(L, root);
	if (!framework && lua_type(L, -1) == LUA_TSTRING)
		framework = lua_tostring(L, -1);
	if (!framework_activate(rs, framework)) {
		char names[1024], path[64];
		int line, column;
		framework_names(rs, names, sizeof names);
		model_locate(pos, model_node_of(L, root), "framework", path, sizeof path, &line, &column);
		result_addf(r, RULE_FRAMEWORK, SEV_WARNING, path, line, column,
		            _("unknown scoring framework '%s'; checking with the standard rules (known frameworks: %s)"), framework, names);
	} else if (framework) {
		r->framework = xstrdup(framework);
	}
	lua_pop(L, 1);
	free(c->previous_path);
	c->previous_path = NULL;
	c->previous_reported = false;
	lua_pushliteral(L, "previous");
	if (lua_rawget(L, root) == LUA_TSTRING)
		c->previous_path = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	lua_pushnil(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_previous);
	sandbox_push_view(L, root);
	int view = lua_gettop(L);
	for (size_t i = 0; i < rs->count; i++)
		if (!rs->rules[i].disabled && !framework_disables(rs, &rs->rules[i]) &&
		    applies(&rs->rules[i], r))
			run_rule(rs, &rs->rules[i], view);
	lua_pop(L, 1);
	lua_pushnil(L);
	sandbox_set_env(L, -1);
	lua_pop(L, 1);
	c->r = NULL;
	c->pos = NULL;
	c->effects = NULL;
}

static int compare_profile(const void *pa, const void *pb)
{
	const rule_decl *a = *(const rule_decl *const *)pa, *b = *(const rule_decl *const *)pb;
	if (a->profile_ns != b->profile_ns)
		return a->profile_ns > b->profile_ns ? -1 : 1;
	return strcmp(a->id, b->id);
}

void ruleset_print_profile(const rule_set *rs, FILE *out)
{
	const rule_decl **order = malloc((rs->count + 1) * sizeof *order);
	if (!order)
		return;
	unsigned long long total = 0;
	for (size_t i = 0; i < rs->count; i++) {
		order[i] = &rs->rules[i];
		total += rs->rules[i].profile_ns;
	}
	qsort(order, rs->count, sizeof *order, compare_profile);
	fputs(_("\nTime spent in rules (profile), slowest first:\n"), out);
	fprintf(out, "  %8s %11s %10s %7s  %s\n", "calls", "total ms", "mean µs", "share",
	        "rule (file:line)");
	for (size_t i = 0; i < rs->count; i++) {
		const rule_decl *d = order[i];
		double ms = (double)d->profile_ns / 1e6;
		double mean = d->profile_calls ? (double)d->profile_ns / 1e3 / (double)d->profile_calls : 0;
		double share = total ? 100.0 * (double)d->profile_ns / (double)total : 0;
		fprintf(out, "  %8llu %11.3f %10.2f %6.1f%%  %s (%s:%d)\n", d->profile_calls, ms, mean,
		        share, d->id, d->file, d->line);
	}
	fprintf(out, _("  %8s %11.3f %10s %6.1f%%  total\n"), "", (double)total / 1e6, "", total ? 100.0 : 0.0);
	free(order);
}

/*
 * rules_run — running the rules on one report: each rule that applies, in
 * its own fresh globals, under the sandbox's budget; a rule that fails
 * becomes a finding and what it did before failing is dropped.  Also the
 * --profile table of the time each rule took.
 */
#include "rules_internal.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base_alloc.h"
#include "base_i18n.h"
#include "model_report.h"
#include "rules_hints.h"

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

/* The value at a dotted data path under the table at root (pushed; nil
 * when some part is missing). */
static void push_path(lua_State *L, int root, const char *path)
{
	lua_pushvalue(L, root);
	const char *p = path;
	while (*p && lua_istable(L, -1)) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		lua_pushlstring(L, p, n);
		lua_rawget(L, -2);
		lua_remove(L, -2);
		p += n + (dot != NULL);
		if (!dot)
			return;
	}
	if (*p) {
		lua_pop(L, 1);
		lua_pushnil(L);
	}
}

/* What of the rule's needs the report lacks, as text for the reader
 * ("facts.asset_changes（资产变动记录）"), into buf; false when nothing. */
static bool missing_needs(lua_State *L, int root, const rule_decl *d, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < d->need_count && used < size; i++) {
		push_path(L, root, d->needs[i].path);
		bool absent = lua_isnil(L, -1);
		lua_pop(L, 1);
		if (!absent)
			continue;
		const rule_need *n = &d->needs[i];
		const char *label = n->label ? n->label : model_field_label(n->path);
		if (label)
			/* TRANSLATORS: a data path and what it holds. */
			used += (size_t)snprintf(buf + used, size - used, _("%s%s (%s)"), used ? _(", ") : "",
			                         n->path, label);
		else
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? _(", ") : "", n->path);
	}
	return used > 0;
}

/* The report's indicator for the framework path `wanted` when the table
 * does not print that exact path: by the last name alone (管理效率's
 * children printed as first-level rows), or by one of the names the
 * framework says the indicator is also printed as (预算执行情况 for
 * 预算执行率). */
static const char *resolve_as_printed(const rule_set *rs, lua_State *L, const char *wanted)
{
	const char *last = strrchr(wanted, '/');
	const char *found = rules_resolve_indicator(L, last ? last + 1 : wanted, false);
	const fw_node *node = rs->framework ? framework_node(rs->framework, wanted) : NULL;
	for (size_t a = 0; !found && node && a < node->alias_count; a++)
		found = rules_resolve_indicator(L, node->aliases[a], false);
	return found;
}

/* A rule that failed: a finding naming it, where it is defined, where it
 * failed and why. */
static void report_failure(doc_result *r, const rule_decl *d, const char *msg, bool memory)
{
	if (!msg)
		msg = _("(the error object is not text)");
	char *hinted = hint_insert_run(msg, d->file); /* a second line naming the Lua spelling */
	if (hinted)
		msg = hinted;
	char source[512];
	crash_source(msg, source, sizeof source);
	const char *why = memory ? _("over the memory limit (the rule allocated too much memory)") : NULL;
	finding *f = result_addf(r, d->id, SEV_ERROR, NULL, 0, 0, _("rule failed (defined at %s:%d): %s%s%s"),
	                         d->file, d->line, why ? why : msg, why ? _("; ") : "", why ? msg : "");
	if (f) {
		free(f->source);
		f->source = xstrdup(source[0] ? source : NULL);
	}
	free(hinted);
}

/* The _ENV cells of each rule file: registry[&key_envs][file] is a list
 * of triples (function holding the cell as its upvalue 1, metatable
 * {__index = env}, env): the file's main chunk first, then each module
 * instance it required.  registry[&key_rule_envs][d->file as a light
 * userdata] is the same list for each rule, found for every check by a
 * pointer rather than by a path. */
static const char key_envs = 0, key_rule_envs = 0;

/* Push the list of the file's _ENV cells (created when create), or nil. */
static int push_envs(lua_State *L, const char *file, bool create)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_envs) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &key_envs);
	}
	if (lua_getfield(L, -1, file) != LUA_TTABLE && create) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, file);
	}
	lua_remove(L, -2);
	return lua_type(L, -1);
}

/* Give the cell of the triple at `at` in the list a fresh globals table
 * reading through to its environment. */
static void fresh_env(lua_State *L, int list, lua_Integer at)
{
	lua_rawgeti(L, list, at);
	lua_createtable(L, 0, 0);
	lua_rawgeti(L, list, at + 1);
	lua_setmetatable(L, -2);
	lua_setupvalue(L, -2, 1);
	lua_pop(L, 1);
}

void rules_index_envs(rule_set *rs, size_t first)
{
	lua_State *L = rs->L;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_rule_envs) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &key_rule_envs);
	}
	for (size_t i = first; i < rs->count; i++) {
		push_envs(L, rs->rules[i].file, true);
		lua_rawsetp(L, -2, rs->rules[i].file);
	}
	lua_pop(L, 1);
}

/* Fresh globals in every _ENV cell of the rule's file, for one check
 * (they stay until the file's next check: nothing else runs its code).
 * Pushes the file's main chunk, whose cell `load` shares, or nil. */
static void fresh_envs(lua_State *L, const rule_decl *d)
{
	int top = lua_gettop(L);
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_rule_envs) != LUA_TTABLE ||
	    lua_rawgetp(L, -1, d->file) != LUA_TTABLE) {
		lua_settop(L, top);
		lua_pushnil(L);
		return;
	}
	int list = top + 2;
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	for (lua_Integer at = 1; at + 2 <= n; at += 3)
		fresh_env(L, list, at);
	lua_rawgeti(L, list, 1);
	lua_replace(L, top + 1);
	lua_settop(L, top + 1);
}

/* Back in every _ENV cell of the rule's file the environment it loaded
 * with: the last report's globals are let go. */
static void loaded_envs(lua_State *L, const rule_decl *d)
{
	int top = lua_gettop(L);
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_rule_envs) == LUA_TTABLE &&
	    lua_rawgetp(L, -1, d->file) == LUA_TTABLE) {
		int list = top + 2;
		lua_Integer n = (lua_Integer)lua_rawlen(L, list);
		for (lua_Integer at = 1; at + 2 <= n; at += 3) {
			lua_rawgeti(L, list, at);
			lua_rawgeti(L, list, at + 2);
			lua_setupvalue(L, -2, 1);
			lua_pop(L, 1);
		}
	}
	lua_settop(L, top);
}

void rules_add_env(lua_State *L, const char *file, int fn, int env)
{
	fn = lua_absindex(L, fn);
	env = lua_absindex(L, env);
	push_envs(L, file, true);
	int list = lua_gettop(L);
	lua_Integer at = (lua_Integer)lua_rawlen(L, list) + 1;
	lua_pushvalue(L, fn);
	lua_rawseti(L, list, at);
	lua_createtable(L, 0, 2);
	lua_pushvalue(L, env);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_rawseti(L, list, at + 1);
	lua_pushvalue(L, env);
	lua_rawseti(L, list, at + 2);
	/* A module a check requires for the first time: per report from
	 * now on, like the rest of the file. */
	const run_ctx *c = rules_ctx(L);
	if (c && c->rule && !strcmp(c->rule->file, file))
		fresh_env(L, list, at);
	lua_pop(L, 1);
}

static void mebibytes(char *out, size_t size, size_t bytes)
{
	snprintf(out, size, "%.1f", (double)bytes / (1 << 20));
}

/* Stop rule i for the rest of the run, and let go of what it holds: its
 * check function, and when no other rule of its file still runs, the
 * file's globals, its module instances and its functions. */
static void stop_for_run(rule_set *rs, size_t i, const char *why)
{
	lua_State *L = rs->L;
	const rule_decl *d = &rs->rules[i];
	rule_code *code = &rs->code[i];
	free(code->stopped);
	code->stopped = xstrdup(why);
	luaL_unref(L, LUA_REGISTRYINDEX, code->check_ref);
	code->check_ref = LUA_NOREF;
	for (size_t k = 0; k < rs->count; k++)
		if (!rs->code[k].stopped && !strcmp(rs->rules[k].file, d->file))
			return;
	if (push_envs(L, d->file, false) == LUA_TTABLE) {
		int list = lua_gettop(L);
		lua_Integer n = (lua_Integer)lua_rawlen(L, list);
		for (lua_Integer at = 3; at <= n; at += 3) {
			lua_rawgeti(L, list, at); /* an environment: emptied */
			int env = lua_gettop(L);
			lua_pushnil(L);
			while (lua_next(L, env)) {
				lua_pop(L, 1);
				lua_pushvalue(L, -1);
				lua_pushnil(L);
				lua_rawset(L, env);
			}
			lua_pop(L, 1);
		}
		/* The functions that held the cells go with the list. */
		lua_rawgetp(L, LUA_REGISTRYINDEX, &key_envs);
		lua_pushnil(L);
		lua_setfield(L, -2, d->file);
		lua_pop(L, 1);
		lua_rawgetp(L, LUA_REGISTRYINDEX, &key_rule_envs);
		for (size_t k = 0; k < rs->count; k++)
			if (!strcmp(rs->rules[k].file, d->file)) {
				lua_pushnil(L);
				lua_rawsetp(L, -2, rs->rules[k].file);
			}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	rules_forget_modules(L, d->file);
}

/* What a rule keeps from one report to the next (a file-level table it
 * fills) may not pass rule_memory_bytes either: a rule that holds more,
 * once its garbage is collected and its per-report globals are let go,
 * would fail on every report from now on or starve the rules after it.
 * Stop it.  (The account includes garbage, so it is looked at closely
 * only when it is over the limit.)  Rule i's account is owner i + 1. */
static void check_kept_memory(rule_set *rs, size_t i)
{
	lua_State *L = rs->L;
	size_t limit = sandbox_limits_of(L)->rule_memory_bytes;
	if (sandbox_memory_of(L, (unsigned)i + 1) <= limit)
		return;
	loaded_envs(L, &rs->rules[i]);
	lua_gc(L, LUA_GCCOLLECT);
	size_t kept = sandbox_memory_of(L, (unsigned)i + 1);
	if (kept <= limit)
		return;
	char held[32], most[32], why[512];
	mebibytes(held, sizeof held, kept);
	mebibytes(most, sizeof most, limit);
	snprintf(why, sizeof why, _("it keeps %s MiB of memory from one report to the next (a rule may hold %s MiB: --limit rule-memory)"),
	         held, most);
	stop_for_run(rs, i, why);
}

/* When the state is three quarters full, collect; while it is more than
 * half full, stop the rule holding the most memory: the reports and rules
 * still to come need room. */
static void check_state_memory(rule_set *rs)
{
	lua_State *L = rs->L;
	size_t limit = sandbox_memory_limit(L);
	if (sandbox_memory_used(L) <= limit / 4 * 3)
		return;
	lua_gc(L, LUA_GCCOLLECT);
	while (sandbox_memory_used(L) > limit / 2) {
		unsigned owner = sandbox_largest_owner(L);
		size_t held = owner ? sandbox_memory_of(L, owner) : 0;
		if (!owner || owner > rs->count || held < ((size_t)1 << 20))
			break;
		char amount[32], why[512];
		mebibytes(amount, sizeof amount, held);
		snprintf(why, sizeof why, _("the rules' memory filled the Lua state, and this rule held the most (%s MiB)"), amount);
		stop_for_run(rs, owner - 1, why);
		lua_gc(L, LUA_GCCOLLECT);
	}
}

static void run_rule(rule_set *rs, size_t i, int root, int view)
{
	const rule_decl *d = &rs->rules[i];
	rule_code *code = &rs->code[i];
	lua_State *L = rs->L;
	run_ctx *c = rs->run;
	if (code->stopped) {
		/* Every report it would have checked says so. */
		rs->crashes++;
		result_addf(c->r, d->id, SEV_ERROR, NULL, 0, 0, _("rule stopped for the rest of the run (defined at %s:%d): %s"),
		            d->file, d->line, code->stopped);
		return;
	}
	int top = lua_gettop(L);
	const char *wanted = rules_wanted_indicator(rs, d);
	c->indicator_wanted = wanted;
	c->indicator = wanted ? rules_resolve_indicator(L, wanted, false) : NULL;
	if (!c->indicator && wanted)
		c->indicator = resolve_as_printed(rs, L, wanted);
	char missing[1024];
	if (d->need_count && missing_needs(L, root, d, missing, sizeof missing)) {
		/* Nothing to check with: the indicator is not verified, and the
		 * reader is told exactly what is absent. */
		if (c->indicator) {
			char why[1200];
			snprintf(why, sizeof why, _("the report has no %s"), missing);
			score_add_unverified(c->effects, c->indicator, d->id, why);
		}
		return;
	}
	c->rule = d;
	c->unverified = false;
	free(c->unverified_reason);
	c->unverified_reason = NULL;
	c->reported = 0;
	/* Fresh globals for this rule and report, for every function of its
	 * file however it sets them (through helpers, or load), reading
	 * through to the file's environment. */
	fresh_envs(L, d);
	sandbox_share_env(L, -1);
	lua_pop(L, 1);
	lua_pushcfunction(L, rules_traceback);
	lua_rawgeti(L, LUA_REGISTRYINDEX, code->check_ref);
	lua_pushvalue(L, view);
	size_t findings_before = c->r->finding_count, effects_before = c->effects->count;
	struct timespec started;
	if (rs->options->profile)
		clock_gettime(CLOCK_MONOTONIC, &started);
	sandbox_begin_rule(L, (unsigned)i + 1);
	int status = lua_pcall(L, 1, 0, top + 1);
	if (rs->options->profile) {
		struct timespec ended;
		clock_gettime(CLOCK_MONOTONIC, &ended);
		code->profile_calls++;
		code->profile_ns += (unsigned long long)((ended.tv_sec - started.tv_sec) * 1000000000LL +
		                                          (ended.tv_nsec - started.tv_nsec));
	}
	const char *stopped = sandbox_stop_message(L);
	bool memory = status == LUA_ERRMEM || (!stopped && sandbox_out_of_memory(L));
	sandbox_end_rule(L);
	c->rule = NULL;
	if (status != LUA_OK) {
		rs->crashes++;
		/* What a rule did before it failed is not to be trusted: its
		 * findings and deductions go, the failure stays. */
		drop_findings(c->r, findings_before);
		drop_effects(c->effects, effects_before);
		/* Stopped inside its own message handler, a rule gets "error
		 * in error handling": say why it was stopped. */
		report_failure(c->r, d, stopped && status == LUA_ERRERR ? stopped : lua_tostring(L, -1), memory);
	} else if (c->indicator) {
		/* A rule that ran to the end has checked its indicator, unless
		 * it said it could not: then the reader is told why. */
		if (!c->unverified)
			score_add_covered(c->effects, c->indicator);
		else
			score_add_unverified(c->effects, c->indicator, d->id, c->unverified_reason);
	}
	free(c->unverified_reason);
	c->unverified_reason = NULL;
	lua_settop(L, top);
	check_kept_memory(rs, i);
	check_state_memory(rs);
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
	rules_index_indicators(L, root);
	rules_history_begin(L, c, root);
	sandbox_push_view(L, root);
	int view = lua_gettop(L);
	for (size_t i = 0; i < rs->count; i++)
		if (!rs->rules[i].disabled && !ruleset_framework_disables(rs, &rs->rules[i]) &&
		    rule_applies(&rs->rules[i], r))
			run_rule(rs, i, root, view);
	lua_pop(L, 1);
	lua_pushnil(L);
	sandbox_share_env(L, -1);
	lua_pop(L, 1);
	c->r = NULL;
	c->pos = NULL;
	c->effects = NULL;
}

int ruleset_crashes(const rule_set *rs)
{
	return rs->crashes;
}

void ruleset_add_profile(rule_set *into, const rule_set *from)
{
	for (size_t i = 0; i < into->count && i < from->count; i++) {
		into->code[i].profile_calls += from->code[i].profile_calls;
		into->code[i].profile_ns += from->code[i].profile_ns;
	}
}

/* A rule and its times, for sorting the --profile table. */
typedef struct timed_rule {
	const rule_decl *rule;
	const rule_code *code;
} timed_rule;

static int compare_profile(const void *pa, const void *pb)
{
	const timed_rule *a = pa, *b = pb;
	if (a->code->profile_ns != b->code->profile_ns)
		return a->code->profile_ns > b->code->profile_ns ? -1 : 1;
	return strcmp(a->rule->id, b->rule->id);
}

void ruleset_print_profile(const rule_set *rs, FILE *out)
{
	timed_rule *order = xmalloc((rs->count + 1) * sizeof *order);
	unsigned long long total = 0;
	for (size_t i = 0; i < rs->count; i++) {
		order[i] = (timed_rule){ &rs->rules[i], &rs->code[i] };
		total += rs->code[i].profile_ns;
	}
	qsort(order, rs->count, sizeof *order, compare_profile);
	fputs(_("\nTime spent in rules (profile), slowest first:\n"), out);
	fprintf(out, "  %8s %11s %10s %7s  %s\n", "calls", "total ms", "mean µs", "share",
	        "rule (file:line)");
	for (size_t i = 0; i < rs->count; i++) {
		const rule_decl *d = order[i].rule;
		const rule_code *t = order[i].code;
		double ms = (double)t->profile_ns / 1e6;
		double mean = t->profile_calls ? (double)t->profile_ns / 1e3 / (double)t->profile_calls : 0;
		double share = total ? 100.0 * (double)t->profile_ns / (double)total : 0;
		fprintf(out, "  %8llu %11.3f %10.2f %6.1f%%  %s (%s:%d)\n", t->profile_calls, ms, mean,
		        share, d->id, d->file, d->line);
	}
	fprintf(out, _("  %8s %11.3f %10s %6.1f%%  total\n"), "", (double)total / 1e6, "", total ? 100.0 : 0.0);
	free(order);
}

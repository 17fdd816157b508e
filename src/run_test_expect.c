/*
 * run_test_expect — see run_test_expect.h.
 */
#include "run_test_expect.h"

#include <lauxlib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_i18n.h"
#include "base_nearest.h"
#include "base_textwidth.h"
#include "model_report.h"
#include "rules.h"
#include "rules_decimal.h"
#include "run_config.h"

void expect_fail(case_check *c, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(c->why, "      %s\n", msg);
	c->failed = true;
}

const char *expect_text(lua_State *L, int t, const char *key, char *buf, size_t size)
{
	lua_getfield(L, t, key);
	const char *s = NULL;
	decimal d;
	if (lua_type(L, -1) == LUA_TSTRING) {
		snprintf(buf, size, "%s", lua_tostring(L, -1));
		s = buf;
	} else if (ldec_is(L, -1, &d)) {
		dec_format_trim(d, buf);
		s = buf;
	} else if (lua_isinteger(L, -1)) {
		snprintf(buf, size, "%lld", (long long)lua_tointeger(L, -1));
		s = buf;
	}
	lua_pop(L, 1);
	return s;
}

/* ---- the keys and rule ids a case names ----------------------------------------- */

/* The ids of the engine's own findings, which a case may expect too
 * ("pev.yaml" is load_yaml.c's own RULE_YAML). */
static const char *const engine_ids[] = { RULE_IO,     RULE_CRASH,  RULE_FORM,  RULE_SCORE,
	                                  RULE_CONFIG, RULE_FORMAT, RULE_BLANK, "pev.yaml",
	                                  RULE_HISTORY, RULE_FRAMEWORK };
enum { ENGINE_ID_COUNT = sizeof engine_ids / sizeof *engine_ids };

/* Is id a loaded rule's, or the engine's own? */
static bool id_known(const case_check *c, const char *id)
{
	for (size_t i = 0; i < ENGINE_ID_COUNT; i++)
		if (!strcmp(engine_ids[i], id))
			return true;
	return ruleset_find(c->rules, id) != NULL;
}

/* A rule id in the case (`where` says where) that no loaded rule has
 * fails the case, naming the nearest one that is loaded. */
static void check_rule_id(case_check *c, const char *id, const char *where)
{
	if (id_known(c, id))
		return;
	size_t count = ruleset_count(c->rules);
	const char **ids = xmalloc((count + ENGINE_ID_COUNT) * sizeof *ids);
	for (size_t i = 0; i < count; i++)
		ids[i] = ruleset_rule(c->rules, i)->id;
	memcpy(ids + count, engine_ids, sizeof engine_ids);
	const char *near = nearest_name(id, ids, count + ENGINE_ID_COUNT);
	if (near)
		expect_fail(c, _("%s: no loaded rule has the id %s; did you mean %s?"), where, id, near);
	else
		expect_fail(c, _("%s: no loaded rule has the id %s (pevcheck rules -r DIR lists the rules a directory holds)"),
		            where, id);
	free(ids);
}

const char *expect_unknown_key(lua_State *L, int index, const char *const *known)
{
	index = lua_absindex(L, index);
	const char *unknown = NULL;
	lua_pushnil(L);
	while (!unknown && lua_next(L, index)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue; /* the loader's hidden node id */
		const char *key = lua_tostring(L, -1);
		const char *const *k = known;
		while (*k && strcmp(*k, key))
			k++;
		if (!*k)
			unknown = key; /* still referenced by the table */
	}
	if (unknown)
		lua_pop(L, 1);
	return unknown;
}

static const char *const case_keys[] = { "name", "file", "data", "remove", "expect", NULL };
static const char *const expect_keys[] = { "findings", "no_findings", "errors", "warnings",
	                                   "infos", "scores", "status", "total", "grade",
	                                   NULL };
/* In the order a failure lists them. */
static const char *const finding_keys[] = { "rule", "severity", "path", "line", "indicator",
	                                    "points", "message", NULL };

/* Each item of expect.findings: its keys and its rule id. */
static void check_finding_items(case_check *c)
{
	lua_State *L = c->L;
	if (lua_getfield(L, c->expect, "findings") == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			const char *bad;
			char where[64], rule[256];
			snprintf(where, sizeof where, _("item %lld of expect.findings"), (long long)i);
			if (lua_rawgeti(L, -1, i) == LUA_TTABLE &&
			    (bad = expect_unknown_key(L, -1, finding_keys)))
				expect_fail(c, _("unknown key \"%s\" in item %lld of expect.findings (known: rule "
				                 "severity message path line points indicator)"), bad, (long long)i);
			if (lua_istable(L, -1) && expect_text(L, -1, "rule", rule, sizeof rule))
				check_rule_id(c, rule, where);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

/* Each id of expect.no_findings is a loaded rule's. */
static void check_silent_ids(case_check *c)
{
	lua_State *L = c->L;
	if (lua_getfield(L, c->expect, "no_findings") == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			if (lua_rawgeti(L, -1, i) == LUA_TSTRING)
				check_rule_id(c, lua_tostring(L, -1), "expect.no_findings");
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

void expect_check_keys(case_check *c, int kase)
{
	const char *bad = expect_unknown_key(c->L, kase, case_keys);
	if (bad)
		expect_fail(c, _("unknown key \"%s\" in the case (known: name file data remove expect)"), bad);
	if ((bad = expect_unknown_key(c->L, c->expect, expect_keys)))
		expect_fail(c, _("unknown key \"%s\" in expect (known: findings no_findings errors warnings "
		                 "infos scores status total grade)"), bad);
	check_finding_items(c);
	check_silent_ids(c);
}

/* ---- findings: expected, unexpected, counted ------------------------------------ */

/* f's value of a finding key, as a test file would write it, in buf; "—"
 * when it has none. */
static const char *actual_value(const finding *f, const char *key, char *buf, size_t size)
{
	const char *s = NULL;
	char points[DEC_BUFSIZE];
	if (!strcmp(key, "rule"))
		s = f->rule;
	else if (!strcmp(key, "severity"))
		s = severity_name(f->severity);
	else if (!strcmp(key, "path"))
		s = f->path;
	else if (!strcmp(key, "indicator"))
		s = f->indicator;
	if (!strcmp(key, "points") && f->has_points) {
		dec_format_trim(f->points, points);
		s = points;
	}
	if (!strcmp(key, "message"))
		snprintf(buf, size, "%.*s", (int)strcspn(f->message, "\n"), f->message);
	else if (!strcmp(key, "line") && (f->line || !f->source))
		snprintf(buf, size, "%d", f->line);
	else if (!strcmp(key, "line"))
		snprintf(buf, size, _("— (the rule failed at %s)"), f->source);
	else
		snprintf(buf, size, "%s", s ? s : "—");
	return buf;
}

/* Does f give what `want` (an expected finding, at its index) asks for
 * key?  The expected message need only be part of f's. */
static bool key_matches(lua_State *L, int want, const char *key, const finding *f)
{
	char expected[1024], actual[1024];
	if (!strcmp(key, "points")) {
		lua_getfield(L, want, "points");
		decimal d;
		bool ok = ldec_to(L, -1, &d) && f->has_points && dec_cmp(d, f->points) == 0;
		lua_pop(L, 1);
		return ok;
	}
	if (!expect_text(L, want, key, expected, sizeof expected))
		return false;
	if (!strcmp(key, "message"))
		return strstr(f->message, expected) != NULL;
	if (!strcmp(key, "line"))
		return atoi(expected) == f->line;
	return !strcmp(expected, actual_value(f, key, actual, sizeof actual));
}

static bool has_key(lua_State *L, int want, const char *key)
{
	bool has = lua_getfield(L, want, key) != LUA_TNIL;
	lua_pop(L, 1);
	return has;
}

/* How many of the keys `want` gives f matches; *all when every one. */
static int matching_keys(lua_State *L, int want, const finding *f, bool *all)
{
	int n = 0;
	*all = true;
	for (const char *const *k = finding_keys; *k; k++) {
		if (!has_key(L, want, *k))
			continue;
		if (key_matches(L, want, *k, f))
			n++;
		else
			*all = false;
	}
	return n;
}

/* The finding of r that matches most keys of `want` (the first of
 * those), or NULL when r has none; *found when one matches them all. */
static const finding *closest_finding(lua_State *L, int want, const doc_result *r, bool *found)
{
	const finding *best = NULL;
	int best_keys = -1;
	*found = false;
	for (size_t k = 0; k < r->finding_count && !*found; k++) {
		bool all;
		int n = matching_keys(L, want, &r->findings[k], &all);
		if (all)
			*found = true;
		if (all || n > best_keys) {
			best = &r->findings[k];
			best_keys = n;
		}
	}
	return best;
}

/* An expected finding that no finding matches: each key it gives beside
 * what the closest finding gives there, ≠ marking those that differ. */
static void describe_missing(case_check *c, int want, const finding *closest)
{
	lua_State *L = c->L;
	expect_fail(c, "%s", closest ? _("expected finding not found; beside each key it gives, the closest actual finding's (≠: differs):")
	                             : _("expected finding not found (the report has no findings):"));
	size_t width = 0;
	char value[1024];
	for (const char *const *k = finding_keys; *k; k++)
		if (expect_text(L, want, *k, value, sizeof value) && text_width(value) > width)
			width = text_width(value);
	width = width > 40 ? 40 : width;
	for (const char *const *k = finding_keys; *k; k++) {
		if (!has_key(L, want, *k))
			continue;
		bool same = closest && key_matches(L, want, *k, closest);
		fprintf(c->why, "        %s %-10s ", same || !closest ? " " : "≠", *k);
		if (!expect_text(L, want, *k, value, sizeof value))
			snprintf(value, sizeof value, "?");
		text_pad(c->why, value, closest ? width + 2 : 0);
		if (closest)
			text_put(c->why, actual_value(closest, *k, value, sizeof value));
		fputc('\n', c->why);
	}
}

/* expect.findings: each must match a finding (the keys it gives).  True
 * when one did not. */
static bool check_expected(case_check *c, const doc_result *r)
{
	lua_State *L = c->L;
	bool missing = false;
	if (lua_getfield(L, c->expect, "findings") == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			char rule[256];
			lua_rawgeti(L, -1, i);
			int want = lua_gettop(L);
			bool found;
			/* An unknown rule id has failed the case already. */
			bool unknown = expect_text(L, want, "rule", rule, sizeof rule) && !id_known(c, rule);
			const finding *closest = lua_istable(L, want) ? closest_finding(L, want, r, &found) : NULL;
			if (lua_istable(L, want) && !found && !unknown) {
				describe_missing(c, want, closest);
				missing = true;
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	return missing;
}

/* expect.no_findings: rules that must report nothing. */
static void check_silent(case_check *c, const doc_result *r)
{
	lua_State *L = c->L;
	if (lua_getfield(L, c->expect, "no_findings") == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			const char *rule = lua_tostring(L, -1);
			for (size_t k = 0; rule && k < r->finding_count; k++) {
				const finding *f = &r->findings[k];
				if (!strcmp(f->rule, rule)) {
					expect_fail(c, _("unexpected finding: rule %s should report nothing, and reported: %.*s"),
					            rule, (int)strcspn(f->message, "\n"), f->message);
					break;
				}
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

/* expect.errors, warnings, infos: how many findings of each severity.
 * True when a count was wrong. */
static bool check_counts(case_check *c, const doc_result *r)
{
	static const struct { const char *key; int severity; } counts[] = {
		{ "errors", SEV_ERROR }, { "warnings", SEV_WARNING }, { "infos", SEV_INFO },
	};
	bool wrong = false;
	for (size_t i = 0; i < 3; i++) {
		char buf[64];
		const char *s = expect_text(c->L, c->expect, counts[i].key, buf, sizeof buf);
		size_t actual = result_count(r, (enum severity)counts[i].severity);
		if (s && (size_t)atol(s) != actual) {
			expect_fail(c, _("%s: expected %s, got %zu"), counts[i].key, s, actual);
			wrong = true;
		}
	}
	return wrong;
}

/* The findings there were, a line each; under a rule that failed, the
 * rest of its message (the hint, the traceback): once per case. */
static void describe_actual(case_check *c, const doc_result *r)
{
	if (r->finding_count == 0) {
		fputs(_("      actual: no findings\n"), c->why);
		return;
	}
	fputs(_("      actual findings:\n"), c->why);
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		char points[DEC_BUFSIZE] = "", where[600];
		if (f->has_points)
			dec_format_trim(f->points, points);
		if (f->source)
			snprintf(where, sizeof where, "at: %s", f->source);
		else
			snprintf(where, sizeof where, "line: %d", f->line);
		/* A path holding [ is quoted, so the line can be pasted into a
		 * test file's flow mapping. */
		bool quote = f->path && strpbrk(f->path, "[{");
		size_t first = strcspn(f->message, "\n");
		fprintf(c->why, "        - {rule: %s, severity: %s%s%s%s%s%s%s%s%s, %s}  %.*s\n", f->rule,
		        severity_name(f->severity), f->path ? ", path: " : "", quote ? "\"" : "",
		        f->path ? f->path : "", quote ? "\"" : "", f->has_points ? ", points: " : "",
		        points, f->indicator ? ", indicator: " : "", f->indicator ? f->indicator : "",
		        where, (int)first, f->message);
		for (const char *p = f->message + first; *p;) {
			size_t n = strcspn(++p, "\n");
			fprintf(c->why, "            %.*s\n", (int)n, p);
			p += n;
		}
	}
}

static bool has_rule_failure(const doc_result *r)
{
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].source)
			return true;
	return false;
}

/* ---- scores, statuses, total and grade ------------------------------------------ */

static const indicator_score *find_indicator(const doc_result *r, const char *path)
{
	for (size_t i = 0; i < r->indicator_count; i++)
		if (!strcmp(r->indicators[i].path, path))
			return &r->indicators[i];
	return NULL;
}

/* Call check for every indicator path (a text key) of expect.KEY that the
 * report has, the expected value on top of the stack; a path it does not
 * have fails the case.  In path order: a table's own order is its hash
 * order, which would list the same failure differently from one build to
 * the next. */
static void each_expected_indicator(case_check *c, const doc_result *r, const char *key,
                                    void (*check)(case_check *c, const char *path,
                                                  const indicator_score *s))
{
	lua_State *L = c->L;
	string_list paths = { 0 };
	if (lua_getfield(L, c->expect, key) == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			lua_pop(L, 1);
			if (lua_type(L, -1) == LUA_TSTRING)
				string_list_add(&paths, lua_tostring(L, -1));
		}
	}
	string_list_sort(&paths);
	for (size_t i = 0; i < paths.count; i++) {
		const indicator_score *s = find_indicator(r, paths.items[i]);
		lua_getfield(L, -1, paths.items[i]);
		if (!s)
			expect_fail(c, _("the report has no indicator '%s'"), paths.items[i]);
		else
			check(c, paths.items[i], s);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	string_list_free(&paths);
}

/* expect.scores: indicator path -> computed score. */
static void check_score(case_check *c, const char *path, const indicator_score *s)
{
	decimal want;
	if (!ldec_to(c->L, -1, &want)) {
		expect_fail(c, _("the expected value of scores.%s should be a number"), path);
	} else if (!s->has_computed || dec_cmp(want, s->computed) != 0) {
		char w[DEC_BUFSIZE], a[DEC_BUFSIZE] = "—";
		dec_format_trim(want, w);
		if (s->has_computed)
			dec_format_trim(s->computed, a);
		expect_fail(c, _("indicator '%s', computed score: expected %s, got %s (status %s)"), path, w,
		            a, indicator_status_name(s->status));
	}
}

/* expect.status: indicator path -> ok | mismatch | unverified. */
static void check_status(case_check *c, const char *path, const indicator_score *s)
{
	const char *want = lua_tostring(c->L, -1);
	if (!want || strcmp(want, indicator_status_name(s->status)))
		expect_fail(c, _("indicator '%s', status: expected %s, got %s"), path, want ? want : "?",
		            indicator_status_name(s->status));
}

/* expect.total and expect.grade: the computed ones. */
static void check_total(case_check *c, const doc_result *r)
{
	lua_State *L = c->L;
	lua_getfield(L, c->expect, "total");
	decimal want;
	if (ldec_to(L, -1, &want) &&
	    (!r->has_total_computed || dec_cmp(want, r->total_computed) != 0)) {
		char w[DEC_BUFSIZE], a[DEC_BUFSIZE] = "—";
		dec_format_trim(want, w);
		if (r->has_total_computed)
			dec_format_trim(r->total_computed, a);
		expect_fail(c, _("computed total: expected %s, got %s"), w, a);
	}
	lua_pop(L, 1);
	char grade[64];
	if (expect_text(L, c->expect, "grade", grade, sizeof grade) &&
	    (!r->grade_computed || strcmp(grade, r->grade_computed)))
		expect_fail(c, _("computed grade: expected %s, got %s"), grade,
		            r->grade_computed ? r->grade_computed : "—");
}

void expect_sink(void *context, const doc_result *r)
{
	case_check *c = context;
	if (++c->documents > 1)
		return;
	bool show_actual = check_expected(c, r);
	check_silent(c, r);
	show_actual = check_counts(c, r) || show_actual;
	each_expected_indicator(c, r, "scores", check_score);
	each_expected_indicator(c, r, "status", check_status);
	check_total(c, r);
	/* A rule that failed is most likely why the case did. */
	if (show_actual || (c->failed && has_rule_failure(r)))
		describe_actual(c, r);
}

/*
 * cmd_test — `pevcheck test [DIR...]`: run the rules' own tests.
 *
 * A test file (*.test.yaml, beside the rules it tests) holds cases; each
 * case is a data file, or a fragment merged over a base report, and what
 * checking it must give: findings that must appear, rules that must stay
 * silent, computed scores, statuses, total and grade.  The merged report is
 * written out as JSON and checked exactly as `pevcheck check` would.
 */
#include <getopt.h>
#include <lauxlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "rules_chunk_cache.h"
#include "cmd_common.h"
#include "run_config.h"
#include "rules_coverage.h"
#include "run_engine.h"
#include "fmt.h"
#include "rules_decimal.h"
#include "base_i18n.h"

static const char *const usage = N_(
	"Usage: pevcheck test [options] [DIR...]\n"
	"  Run the rule tests (*.test.yaml) in rule directories; by default the standard rule\n"
	"  directory.\n"
	"  -r, --rules DIR   rule directory to load, repeatable\n"
	"                    (default: the bundled standard rules and every DIR)\n"
	"      --coverage    report, for each rule file, the share of its lines the tests ran\n"
	"                    and the lines they never ran\n"
	"      --config FILE project configuration; without DIR and -r its rule directories\n"
	"                    are tested (default: .pevcheck.yaml found upward)\n"
	"      --no-config   ignore any .pevcheck.yaml\n"
	"      --no-cache    compile the rules from source, without the cache of compiled rules\n"
	"  -v, --verbose     list every case, not only failures\n");

typedef struct test_run {
	engine *engine;
	size_t passed, failed;
	bool verbose;
} test_run;

/* ---- finding the test files ------------------------------------------------- */

/* Every *.test.yaml under dir, in name order at each level; an unreadable
 * directory holds none. */
static void find_tests(const char *dir, string_list *out)
{
	size_t count;
	fs_entry *here = fs_list_dir(dir, &count);
	if (!here)
		return;
	for (size_t i = 0; i < count; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, here[i].name);
		size_t n = strlen(here[i].name);
		if (here[i].kind == FS_DIR)
			find_tests(path, out);
		else if (n > 10 && !strcmp(here[i].name + n - 10, ".test.yaml"))
			string_list_add(out, path);
	}
	fs_free_list(here, count);
}

/* ---- building a case's report ----------------------------------------------- */

/* Is the table at index a sequence (keys 1..n only, ignoring the loader's
 * hidden key)? */
static bool is_sequence(lua_State *L, int index)
{
	index = lua_absindex(L, index);
	lua_Integer n = (lua_Integer)lua_rawlen(L, index);
	lua_Integer keys = 0;
	lua_pushnil(L);
	while (lua_next(L, index)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TLIGHTUSERDATA)
			keys++;
	}
	return n > 0 && keys == n;
}

/* The case data is copied, merged and written by recursion.  The loader's
 * depth limit bounds it; this bounds it again (and keeps the Lua stack
 * grown) when --limit depth is raised. */
enum { CASE_MAX_DEPTH = 200 };

static bool room_for(lua_State *L, int depth)
{
	return depth <= CASE_MAX_DEPTH && lua_checkstack(L, 8);
}

/* A deep copy of the table at index, pushed: a case must never change
 * the base report the next case starts from.  False when too deep (the
 * copy pushed is then partial). */
static bool push_copy(lua_State *L, int index, int depth)
{
	index = lua_absindex(L, index);
	lua_newtable(L);
	if (!room_for(L, depth))
		return false;
	bool ok = true;
	lua_pushnil(L);
	while (lua_next(L, index)) {
		if (lua_type(L, -2) == LUA_TLIGHTUSERDATA) {
			lua_pop(L, 1);
			continue;
		}
		if (lua_istable(L, -1)) {
			ok = push_copy(L, -1, depth + 1) && ok;
			lua_remove(L, -2);
		}
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	return ok;
}

/* Deep-copy src over dst: mappings merge key by key, anything else (lists
 * included) replaces.  False when too deep. */
static bool merge_into(lua_State *L, int dst, int src, int depth)
{
	dst = lua_absindex(L, dst);
	src = lua_absindex(L, src);
	if (!room_for(L, depth))
		return false;
	bool ok = true;
	lua_pushnil(L);
	while (lua_next(L, src)) {
		if (lua_type(L, -2) == LUA_TLIGHTUSERDATA) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushvalue(L, -2);
		lua_rawget(L, dst);
		if (lua_istable(L, -1) && lua_istable(L, -2) && !is_sequence(L, -1) &&
		    !is_sequence(L, -2)) {
			ok = merge_into(L, -1, -2, depth + 1) && ok;
			lua_pop(L, 2);
		} else {
			lua_pop(L, 1);
			if (lua_istable(L, -1)) {
				ok = push_copy(L, -1, depth + 1) && ok;
				lua_remove(L, -2);
			}
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, dst);
		}
	}
	return ok;
}

/* Remove a dotted path ("budget.carryover") from the table at index. */
static void remove_path(lua_State *L, int index, const char *path)
{
	/* Walk down in one stack slot: the stack does not grow with the path. */
	lua_pushvalue(L, index);
	int at = lua_gettop(L);
	for (;;) {
		const char *dot = strchr(path, '.');
		if (!dot) {
			lua_pushstring(L, path);
			lua_pushnil(L);
			lua_rawset(L, at);
			break;
		}
		lua_pushlstring(L, path, (size_t)(dot - path));
		if (lua_rawget(L, at) != LUA_TTABLE) {
			lua_pop(L, 1);
			break;
		}
		lua_replace(L, at);
		path = dot + 1;
	}
	lua_pop(L, 1);
}

/* Write the value at index as JSON (valid YAML), one member per line so
 * findings in a merged report still have distinct lines. */
static void write_json(lua_State *L, int index, FILE *b, int depth)
{
	index = lua_absindex(L, index);
	decimal d;
	char buf[DEC_BUFSIZE];
	switch (lua_type(L, index)) {
	case LUA_TNIL:
		fputs("null", b);
		return;
	case LUA_TBOOLEAN:
		fputs(lua_toboolean(L, index) ? "true" : "false", b);
		return;
	case LUA_TSTRING:
		json_write_string(b, lua_tostring(L, index));
		return;
	case LUA_TTABLE:
		if (room_for(L, depth))
			break;
		fputs("null", b); /* too deep: the copy already failed the case */
		return;
	default:
		if (ldec_is(L, index, &d)) {
			dec_format(d, buf);
			fputs(buf, b);
		} else {
			fputs("null", b);
		}
		return;
	}
	char indent[64];
	int n = depth * 2 + 2 < 62 ? depth * 2 + 2 : 62;
	memset(indent, ' ', (size_t)n);
	indent[n] = '\0';
	if (is_sequence(L, index)) {
		lua_Integer len = (lua_Integer)lua_rawlen(L, index);
		fputs("[", b);
		for (lua_Integer i = 1; i <= len; i++) {
			fputs(i > 1 ? ",\n" : "\n", b);
			fputs(indent, b);
			lua_rawgeti(L, index, i);
			write_json(L, -1, b, depth + 1);
			lua_pop(L, 1);
		}
		fputs("]", b);
		return;
	}
	/* Sorted keys: the same case always makes the same text. */
	string_list keys = { 0 };
	lua_pushnil(L);
	while (lua_next(L, index)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) == LUA_TSTRING)
			string_list_add(&keys, lua_tostring(L, -1));
	}
	string_list_sort(&keys);
	fputs("{", b);
	for (size_t i = 0; i < keys.count; i++) {
		fputs(i ? ",\n" : "\n", b);
		fputs(indent, b);
		lua_pushstring(L, keys.items[i]);
		write_json(L, -1, b, depth + 1);
		fputs(": ", b);
		lua_rawget(L, index);
		write_json(L, -1, b, depth + 1);
		lua_pop(L, 1);
	}
	string_list_free(&keys);
	fputs("}", b);
}

/* ---- expectations ------------------------------------------------------------ */

typedef struct case_check {
	lua_State *L;
	int expect;        /* stack index of the expect table */
	FILE *why;         /* failure explanation (a memory stream) */
	bool failed;
	int documents;
} case_check;

static void fail(case_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(case_check *c, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(c->why, "      %s\n", msg);
	c->failed = true;
}

static const char *field_string(lua_State *L, int t, const char *key, char *buf, size_t size)
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

static void describe_actual(case_check *c, const doc_result *r)
{
	if (r->finding_count == 0) {
		fputs(_("      actual: no findings\n"), c->why);
		return;
	}
	fputs(_("      actual findings:\n"), c->why);
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		char line[2048], points[DEC_BUFSIZE] = "";
		if (f->has_points)
			dec_format_trim(f->points, points);
		snprintf(line, sizeof line, "        - {rule: %s, severity: %s%s%s%s%s%s%s, line: %d}  %s\n",
		         f->rule, severity_name(f->severity), f->path ? ", path: " : "",
		         f->path ? f->path : "", f->has_points ? ", points: " : "", points,
		         f->indicator ? ", indicator: " : "", f->indicator ? f->indicator : "", f->line,
		         f->message);
		fputs(line, c->why);
	}
}

static bool finding_matches(lua_State *L, int want, const finding *f)
{
	char buf[1024];
	const char *s;
	if ((s = field_string(L, want, "rule", buf, sizeof buf)) && strcmp(s, f->rule))
		return false;
	if ((s = field_string(L, want, "severity", buf, sizeof buf)) &&
	    strcmp(s, severity_name(f->severity)))
		return false;
	if ((s = field_string(L, want, "path", buf, sizeof buf)) && (!f->path || strcmp(s, f->path)))
		return false;
	if ((s = field_string(L, want, "indicator", buf, sizeof buf)) &&
	    (!f->indicator || strcmp(s, f->indicator)))
		return false;
	if ((s = field_string(L, want, "message", buf, sizeof buf)) && !strstr(f->message, s))
		return false;
	if ((s = field_string(L, want, "line", buf, sizeof buf)) && atoi(s) != f->line)
		return false;
	lua_getfield(L, want, "points");
	decimal d;
	bool ok = true;
	if (ldec_is(L, -1, &d))
		ok = f->has_points && dec_cmp(d, f->points) == 0;
	lua_pop(L, 1);
	return ok;
}

static void check_findings(case_check *c, const doc_result *r)
{
	lua_State *L = c->L;
	bool show_actual = false;
	if (lua_getfield(L, c->expect, "findings") == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			int want = lua_gettop(L);
			bool found = false;
			for (size_t k = 0; k < r->finding_count && !found; k++)
				found = finding_matches(L, want, &r->findings[k]);
			if (!found) {
				char rule[256] = "?", msg[512] = "", path[512] = "";
				field_string(L, want, "rule", rule, sizeof rule);
				field_string(L, want, "message", msg, sizeof msg);
				field_string(L, want, "path", path, sizeof path);
				if (msg[0])
					fail(c, _("expected finding not found: rule %s%s%s, message containing '%s'"),
					     rule, path[0] ? ", path " : "", path, msg);
				else
					fail(c, _("expected finding not found: rule %s%s%s"), rule,
					     path[0] ? ", path " : "", path);
				show_actual = true;
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	if (lua_getfield(L, c->expect, "no_findings") == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			const char *rule = lua_tostring(L, -1);
			for (size_t k = 0; rule && k < r->finding_count; k++)
				if (!strcmp(r->findings[k].rule, rule)) {
					fail(c, _("unexpected finding: rule %s should report nothing, and reported: %s"), rule,
					     r->findings[k].message);
					break;
				}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	static const struct { const char *key; int severity; } counts[] = {
		{ "errors", SEV_ERROR }, { "warnings", SEV_WARNING }, { "infos", SEV_INFO },
	};
	for (size_t i = 0; i < 3; i++) {
		char buf[64];
		const char *s = field_string(L, c->expect, counts[i].key, buf, sizeof buf);
		size_t actual = result_count(r, (enum severity)counts[i].severity);
		if (s && (size_t)atol(s) != actual) {
			fail(c, _("%s: expected %s, got %zu"), counts[i].key, s, actual);
			show_actual = true;
		}
	}
	if (show_actual)
		describe_actual(c, r);
}

static const indicator_score *find_indicator(const doc_result *r, const char *path)
{
	for (size_t i = 0; i < r->indicator_count; i++)
		if (!strcmp(r->indicators[i].path, path))
			return &r->indicators[i];
	return NULL;
}

static void check_scores(case_check *c, const doc_result *r)
{
	lua_State *L = c->L;
	if (lua_getfield(L, c->expect, "scores") == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			if (lua_type(L, -2) != LUA_TSTRING) {
				lua_pop(L, 1);
				continue;
			}
			const char *path = lua_tostring(L, -2);
			decimal want;
			const indicator_score *s = path ? find_indicator(r, path) : NULL;
			if (!s) {
				fail(c, _("the report has no indicator '%s'"), path ? path : "?");
			} else if (!ldec_to(L, -1, &want)) {
				fail(c, _("the expected value of scores.%s should be a number"), path);
			} else if (!s->has_computed || dec_cmp(want, s->computed) != 0) {
				char w[DEC_BUFSIZE], a[DEC_BUFSIZE] = "—";
				dec_format_trim(want, w);
				if (s->has_computed)
					dec_format_trim(s->computed, a);
				fail(c, _("indicator '%s', computed score: expected %s, got %s (status %s)"), path, w, a,
				     indicator_status_name(s->status));
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	if (lua_getfield(L, c->expect, "status") == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			if (lua_type(L, -2) != LUA_TSTRING) {
				lua_pop(L, 1);
				continue;
			}
			const char *path = lua_tostring(L, -2);
			const char *want = lua_tostring(L, -1);
			const indicator_score *s = path ? find_indicator(r, path) : NULL;
			if (!s)
				fail(c, _("the report has no indicator '%s'"), path ? path : "?");
			else if (!want || strcmp(want, indicator_status_name(s->status)))
				fail(c, _("indicator '%s', status: expected %s, got %s"), path, want ? want : "?",
				     indicator_status_name(s->status));
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	lua_getfield(L, c->expect, "total");
	decimal want;
	if (ldec_to(L, -1, &want) &&
	    (!r->has_total_computed || dec_cmp(want, r->total_computed) != 0)) {
		char w[DEC_BUFSIZE], a[DEC_BUFSIZE] = "—";
		dec_format_trim(want, w);
		if (r->has_total_computed)
			dec_format_trim(r->total_computed, a);
		fail(c, _("computed total: expected %s, got %s"), w, a);
	}
	lua_pop(L, 1);
	char grade[64];
	if (field_string(L, c->expect, "grade", grade, sizeof grade) &&
	    (!r->grade_computed || strcmp(grade, r->grade_computed)))
		fail(c, _("computed grade: expected %s, got %s"), grade, r->grade_computed ? r->grade_computed : "—");
}

static void case_sink(void *context, const doc_result *r)
{
	case_check *c = context;
	if (++c->documents > 1)
		return;
	check_findings(c, r);
	check_scores(c, r);
}

/* ---- running a test file -------------------------------------------------- */

static char *dir_of(const char *path)
{
	char *d = xstrdup(path);
	char *slash = strrchr(d, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(d, ".");
	return d;
}

/* A path written in a test file is relative to that file's folder. */
static void join_path(char *out, size_t size, const char *dir, const char *path)
{
	if (path[0] == '/')
		snprintf(out, size, "%s", path);
	else
		snprintf(out, size, "%s/%s", dir, path);
}

/* Load a YAML file's first document onto the stack (nil on failure, with
 * the reason in why). */
static void load_yaml(engine *e, const char *path, char *why, size_t size)
{
	lua_State *L = ruleset_state(e->rules);
	yload ld;
	why[0] = '\0';
	if (yload_open(&ld, path, NULL, why, size) != 0) {
		lua_pushnil(L);
		return;
	}
	doc_result *r = result_new(path, 0);
	if (yload_next(&ld, L, &e->positions, r) != 1)
		lua_pushnil(L);
	if (r->finding_count)
		snprintf(why, size, "%d:%d: %s", r->findings[0].line, r->findings[0].column,
		         r->findings[0].message);
	result_free(r);
	yload_close(&ld);
}

static void report_case(test_run *run, const char *file, const char *name, bool failed,
                        const char *why)
{
	if (failed) {
		run->failed++;
		printf("FAIL  %s: %s\n%s", file, name, why);
	} else {
		run->passed++;
		if (run->verbose)
			printf("ok    %s: %s\n", file, name);
	}
}

/* A key of the table at index that is not in `known`, or NULL.  A typo
 * ("finding:" for "findings:") would otherwise make an expectation that
 * silently checks nothing, and a test that cannot fail. */
static const char *unknown_key(lua_State *L, int index, const char *const *known)
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
static const char *const finding_keys[] = { "rule", "severity", "message", "path",
	                                    "line", "points", "indicator", NULL };

static void run_case(test_run *run, const char *file, const char *dir, int base, int kase,
                     lua_Integer index)
{
	engine *e = run->engine;
	lua_State *L = ruleset_state(e->rules);
	char name[512];
	if (!field_string(L, kase, "name", name, sizeof name))
		snprintf(name, sizeof name, _("case %lld"), (long long)index);
	char *why_text = NULL;
	size_t why_length = 0;
	FILE *why = xopen_memstream(&why_text, &why_length);
	case_check c = { .L = L, .why = why };

	lua_getfield(L, kase, "expect");
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		fail(&c, _("the case lacks expect (the expected result)"));
		fclose(why);
		report_case(run, file, name, true, why_text);
		free(why_text);
		return;
	}
	c.expect = lua_gettop(L);
	const char *bad = unknown_key(L, kase, case_keys);
	if (bad)
		fail(&c, _("unknown key \"%s\" in the case (known: name file data remove expect)"), bad);
	if ((bad = unknown_key(L, c.expect, expect_keys)))
		fail(&c, _("unknown key \"%s\" in expect (known: findings no_findings errors warnings "
		           "infos scores status total grade)"), bad);
	if (lua_getfield(L, c.expect, "findings") == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n && !bad; i++) {
			if (lua_rawgeti(L, -1, i) == LUA_TTABLE &&
			    (bad = unknown_key(L, -1, finding_keys)))
				fail(&c, _("unknown key \"%s\" in item %lld of expect.findings (known: rule "
				           "severity message path line points indicator)"), bad, (long long)i);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);

	char data_file[4096] = "";
	lua_getfield(L, kase, "file");
	if (lua_type(L, -1) == LUA_TSTRING)
		join_path(data_file, sizeof data_file, dir, lua_tostring(L, -1));
	lua_pop(L, 1);

	char label[4096];
	snprintf(label, sizeof label, "%s#%lld", file, (long long)index);
	if (data_file[0]) {
		engine_check_file(e, data_file, case_sink, &c);
	} else {
		lua_newtable(L);
		int report = lua_gettop(L);
		bool whole = true;
		if (!lua_isnil(L, base))
			whole = merge_into(L, report, base, 0);
		if (lua_getfield(L, kase, "data") == LUA_TTABLE)
			whole = merge_into(L, report, -1, 0) && whole;
		lua_pop(L, 1);
		if (!whole)
			fail(&c, _("the case data is nested more than 200 deep and cannot be merged"));
		if (lua_getfield(L, kase, "remove") == LUA_TTABLE) {
			lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
			for (lua_Integer i = 1; i <= n; i++) {
				lua_rawgeti(L, -1, i);
				if (lua_type(L, -1) == LUA_TSTRING)
					remove_path(L, report, lua_tostring(L, -1));
				lua_pop(L, 1);
			}
		}
		lua_pop(L, 1);
		char *json = NULL;
		size_t length = 0;
		FILE *text = xopen_memstream(&json, &length);
		write_json(L, report, text, 0);
		fputc('\n', text);
		fclose(text);
		lua_pop(L, 1);
		engine_check_buffer(e, label, json, length, case_sink, &c);
		free(json);
	}
	if (c.documents == 0)
		fail(&c, _("the check produced no result"));
	lua_pop(L, 1); /* expect */
	fclose(why);
	report_case(run, file, name, c.failed, why_text);
	free(why_text);
}

static void run_test_file(test_run *run, const char *file)
{
	engine *e = run->engine;
	lua_State *L = ruleset_state(e->rules);
	int top = lua_gettop(L);
	char why[1024];
	load_yaml(e, file, why, sizeof why);
	if (!lua_istable(L, -1)) {
		run->failed++;
		printf(_("FAIL  %s: cannot read the test file: %s\n"), file, why[0] ? why : _("not a mapping"));
		lua_settop(L, top);
		return;
	}
	int test = lua_gettop(L);
	char *dir = dir_of(file);
	char base_file[4096];
	if (lua_getfield(L, test, "base") == LUA_TSTRING) {
		join_path(base_file, sizeof base_file, dir, lua_tostring(L, -1));
		lua_pop(L, 1);
		load_yaml(e, base_file, why, sizeof why);
		if (!lua_istable(L, -1)) {
			run->failed++;
			printf(_("FAIL  %s: cannot read the base report %s: %s\n"), file, base_file, why);
			free(dir);
			lua_settop(L, top);
			return;
		}
	} else {
		lua_pop(L, 1);
		lua_pushnil(L);
	}
	int base = lua_gettop(L);
	static const char *const test_keys[] = { "base", "cases", NULL };
	const char *bad = unknown_key(L, test, test_keys);
	if (bad) {
		run->failed++;
		printf(_("FAIL  %s: unknown key \"%s\" in the test file (known: base cases)\n"), file, bad);
	}
	if (lua_getfield(L, test, "cases") != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
		run->failed++;
		printf(_("FAIL  %s: the test file has no cases (the list of test cases)\n"), file);
	} else {
		int cases = lua_gettop(L);
		lua_Integer n = (lua_Integer)lua_rawlen(L, cases);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, cases, i);
			if (lua_istable(L, -1))
				run_case(run, file, dir, base, lua_gettop(L), i);
			lua_pop(L, 1);
		}
	}
	free(dir);
	lua_settop(L, top);
}

int cmd_test(int argc, char **argv)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "coverage", no_argument, NULL, 'c' },
		{ "config", required_argument, NULL, 'G' },
		{ "no-config", no_argument, NULL, 'N' },
		{ "no-cache", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	string_list rules = { 0 };
	bool verbose = false, coverage = false, no_config = false;
	const char *config_file = NULL;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:vh", options, NULL)) != -1) {
		switch (opt) {
		case 'r': cmd_add_dir(&rules, optarg); break;
		case 'v': verbose = true; break;
		case 'c': coverage = true; break;
		case 'G': config_file = optarg; break;
		case 'N': no_config = true; break;
		case 'K': chunk_cache_disable_disk(); break;
		case 'h':
			fputs(_(usage), stdout);
			string_list_free(&rules);
			return EXIT_CLEAN;
		default:
			fputs(_(usage), stderr);
			string_list_free(&rules);
			return EXIT_TROUBLE;
		}
	}
	string_list test_dirs = { 0 };
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, _("pevcheck: %s is not a directory\n"), argv[i]);
			string_list_free(&rules);
			string_list_free(&test_dirs);
			return EXIT_TROUBLE;
		}
		cmd_add_dir(&test_dirs, argv[i]);
	}
	/* With neither, the project's rule directories (.pevcheck.yaml) are
	 * what is tested, as check would load them. */
	bool from_config = false;
	/* Lives to the end: the directory lists point into it. */
	project_config config;
	config_init(&config);
	if (test_dirs.count == 0 && rules.count == 0 && !no_config) {
		char found[4096], why[2048];
		if (config_file || config_find(found, sizeof found)) {
			if (config_load(&config, config_file ? config_file : found, why, sizeof why) != 0) {
				fprintf(stderr, _("pevcheck: error in the configuration file: %s\n"), why);
				config_free(&config);
				string_list_free(&rules);
				string_list_free(&test_dirs);
				return EXIT_TROUBLE;
			}
			for (size_t i = 0; i < config.rule_dir_count; i++)
				cmd_add_dir(&test_dirs, config.rule_dirs[i]);
			from_config = config.rule_dir_count > 0;
		}
	}
	if (test_dirs.count == 0)
		cmd_add_dir(&test_dirs, cmd_bundled_rules());
	if (rules.count == 0) {
		if (!from_config)
			cmd_add_dir(&rules, cmd_bundled_rules());
		for (size_t i = 0; i < test_dirs.count; i++)
			cmd_add_dir(&rules, test_dirs.items[i]);
	}

	engine e;
	char error[2048];
	rule_coverage *cov = coverage ? coverage_new() : NULL;
	run_options opts;
	run_options_init(&opts);
	opts.rule_dirs = (const char *const *)rules.items;
	opts.rule_dir_count = rules.count;
	opts.rules.coverage = cov;
	if (engine_open(&e, &opts, error, sizeof error) != 0) {
		coverage_free(cov);
		fprintf(stderr, _("pevcheck: rules failed to load: %s\n"), error);
		engine_close(&e);
		string_list_free(&rules);
		string_list_free(&test_dirs);
		config_free(&config);
		return EXIT_TROUBLE;
	}
	test_run run = { .engine = &e, .verbose = verbose };
	string_list files = { 0 };
	for (size_t i = 0; i < test_dirs.count; i++)
		find_tests(test_dirs.items[i], &files);
	for (size_t i = 0; i < files.count; i++)
		run_test_file(&run, files.items[i]);
	if (files.count == 0)
		fputs(_("no rule tests found (*.test.yaml)\n"), stdout);
	string_list_free(&files);
	if (cov)
		coverage_report(cov, stdout);
	coverage_free(cov);
	engine_close(&e);
	string_list_free(&rules);
	string_list_free(&test_dirs);
	config_free(&config);
	printf("%zu passed, %zu failed\n", run.passed, run.failed);
	return run.failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

/*
 * run_rule_tests — see run_rule_tests.h.
 */
#include "run_rule_tests.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_fs.h"
#include "base_i18n.h"
#include "base_textwidth.h"
#include "fmt.h"
#include "load_yaml_hints.h"
#include "rules_coverage.h"
#include "rules_decimal.h"
#include "run_engine.h"
#include "run_test_expect.h"
#include "run_test_lint.h"
#include "run_test_overlap.h"

/* The run over every test file: the engine cases are checked with, and
 * the cases that passed and failed. */
typedef struct rule_tests {
	engine *engine;
	size_t passed, failed;
	bool verbose;
	overlaps overlaps; /* rules reporting on the same data in one case */
	bool quiet;        /* rules --overlap: no case listed */
	char *bundled;     /* the standard rules' real path, or NULL */
	const rule_test_settings *settings;
} rule_tests;

/* A file a case read, for --watch. */
static void observe_file(const rule_tests *run, const char *path)
{
	if (run->settings->observe_file)
		run->settings->observe_file(run->settings->observe_context, path);
}

/* Where a case's result goes: its expectations, and the run's record of
 * rules that report on the same data. */
typedef struct case_run {
	case_check *check;
	overlaps *overlaps;
	const char *where; /* "file: case" */
} case_run;

static void case_sink(void *context, const doc_result *r)
{
	case_run *cr = context;
	expect_sink(cr->check, r);
	if (cr->check->documents == 1)
		overlaps_add(cr->overlaps, r, cr->where);
}

/* ---- finding the test files ------------------------------------------------- */

/* Every *.test.yaml under dir, in name order at each level; an unreadable
 * directory holds none.  Each folder is listed once however many links
 * lead to it (a link back up would loop). */
static void find_tests(const char *dir, string_list *out, fs_walk *walk)
{
	size_t count;
	fs_entry *here = fs_walk_list(walk, dir, &count);
	if (!here)
		return;
	for (size_t i = 0; i < count; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, here[i].name);
		size_t n = strlen(here[i].name);
		if (here[i].kind == FS_DIR)
			find_tests(path, out, walk);
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

static void write_json(lua_State *L, int index, FILE *b, int depth);

/* The table at index as a JSON list or object, a member per line indented
 * for `depth`. */
static void write_json_table(lua_State *L, int index, FILE *b, int depth)
{
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
	write_json_table(L, index, b, depth);
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

/* Why a test or base file is not YAML: where, libyaml's problem and, for
 * a value that wants quotes, a hint saying so. */
static void describe_yaml_error(const char *path, const finding *f, char *why, size_t size)
{
	size_t length;
	char *text = fs_read_file(path, 0, (size_t)64 << 20, &length, NULL);
	char hint[1024];
	/* A stream over why: a long hint is cut, never overruns, and the
	 * last byte stays for the NUL a full stream does not write. */
	why[size - 1] = '\0';
	FILE *out = fmemopen(why, size - 1, "w");
	if (!out)
		xout_of_memory();
	fprintf(out, "%d:%d: %s", f->line, f->column, f->message);
	if (text && yaml_hint(text, length, f->line, f->column, f->message, hint, sizeof hint))
		fprintf(out, "\n      %s", hint);
	fclose(out);
	free(text);
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
		describe_yaml_error(path, &r->findings[0], why, size);
	result_free(r);
	yload_close(&ld);
}

/* A test file that cannot run: one failure, said unless quiet. */
static void fail_file(rule_tests *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_file(rule_tests *run, const char *fmt, ...)
{
	run->failed++;
	va_list ap;
	va_start(ap, fmt);
	if (!run->quiet)
		vprintf(fmt, ap);
	va_end(ap);
}

static void report_case(rule_tests *run, const char *file, const char *name, bool failed,
                        const char *why)
{
	if (run->settings->observe_case)
		run->settings->observe_case(run->settings->observe_context, file, name, !failed);
	if (failed) {
		run->failed++;
		if (!run->quiet)
			printf("FAIL  %s: %s\n%s", file, name, why);
	} else {
		run->passed++;
		if (run->verbose)
			printf("ok    %s: %s\n", file, name);
	}
}

/* The case's report as JSON text (malloc'd, *length bytes): the base report
 * (at index base, or nil), the case's data merged over it, the paths of
 * remove taken out. */
static char *case_report(case_check *c, int base, int kase, size_t *length)
{
	lua_State *L = c->L;
	lua_newtable(L);
	int report = lua_gettop(L);
	bool whole = true;
	if (!lua_isnil(L, base))
		whole = merge_into(L, report, base, 0);
	if (lua_getfield(L, kase, "data") == LUA_TTABLE)
		whole = merge_into(L, report, -1, 0) && whole;
	lua_pop(L, 1);
	if (!whole)
		expect_fail(c, _("the case data is nested more than 200 deep and cannot be merged"));
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
	FILE *text = xopen_memstream(&json, length);
	write_json(L, report, text, 0);
	fputc('\n', text);
	fclose(text);
	lua_pop(L, 1);
	return json;
}

/* Check the case's data file, or its report (named file#index), handing
 * the result to cr. */
static void check_case(rule_tests *run, case_run *cr, const char *file, const char *dir, int base,
                       int kase, lua_Integer index)
{
	engine *e = run->engine;
	case_check *c = cr->check;
	lua_State *L = c->L;
	char data_file[4096] = "";
	lua_getfield(L, kase, "file");
	if (lua_type(L, -1) == LUA_TSTRING)
		join_path(data_file, sizeof data_file, dir, lua_tostring(L, -1));
	lua_pop(L, 1);
	if (data_file[0]) {
		observe_file(run, data_file);
		engine_check_file(e, data_file, case_sink, cr);
		return;
	}
	char label[4096];
	snprintf(label, sizeof label, "%s#%lld", file, (long long)index);
	size_t length = 0;
	char *json = case_report(c, base, kase, &length);
	engine_check_buffer(e, label, json, length, case_sink, cr);
	free(json);
}

/* One case (the table at kase, number index of its file): checked, then
 * reported passed or failed with why. */
static void run_case(rule_tests *run, const char *file, const char *dir, int base, int kase,
                     lua_Integer index)
{
	lua_State *L = ruleset_state(run->engine->rules);
	char name[512];
	if (!expect_text(L, kase, "name", name, sizeof name))
		snprintf(name, sizeof name, _("case %lld"), (long long)index);
	char *why_text = NULL;
	size_t why_length = 0;
	case_check c = { .L = L, .rules = run->engine->rules,
		         .why = xopen_memstream(&why_text, &why_length) };
	if (lua_getfield(L, kase, "expect") == LUA_TTABLE) {
		c.expect = lua_gettop(L);
		expect_check_keys(&c, kase);
		char where[4096];
		snprintf(where, sizeof where, "%s: %s", file, name);
		case_run cr = { .check = &c, .overlaps = &run->overlaps, .where = where };
		check_case(run, &cr, file, dir, base, kase, index);
		if (c.documents == 0)
			expect_fail(&c, _("the check produced no result"));
	} else {
		expect_fail(&c, _("the case lacks expect (the expected result)"));
	}
	lua_pop(L, 1); /* expect */
	fclose(c.why);
	report_case(run, file, name, c.failed, why_text);
	free(why_text);
}

/* Push the test file's table and its base report (nil when it names none);
 * false, with a FAIL line, when either cannot be read. */
static bool load_test(rule_tests *run, const char *file, const char *dir)
{
	lua_State *L = ruleset_state(run->engine->rules);
	char why[1024];
	load_yaml(run->engine, file, why, sizeof why);
	if (!lua_istable(L, -1)) {
		fail_file(run, _("FAIL  %s: cannot read the test file: %s\n"), file, why[0] ? why : _("not a mapping"));
		return false;
	}
	if (lua_getfield(L, -1, "base") != LUA_TSTRING) {
		lua_pop(L, 1);
		lua_pushnil(L);
		return true;
	}
	char base_file[4096];
	join_path(base_file, sizeof base_file, dir, lua_tostring(L, -1));
	lua_pop(L, 1);
	observe_file(run, base_file);
	load_yaml(run->engine, base_file, why, sizeof why);
	if (!lua_istable(L, -1)) {
		fail_file(run, _("FAIL  %s: cannot read the base report %s: %s\n"), file, base_file, why);
		return false;
	}
	return true;
}

static void run_test_file(rule_tests *run, const char *file)
{
	lua_State *L = ruleset_state(run->engine->rules);
	int top = lua_gettop(L);
	char *dir = dir_of(file);
	if (load_test(run, file, dir)) {
		int test = top + 1, base = top + 2;
		static const char *const test_keys[] = { "base", "cases", NULL };
		const char *bad = expect_unknown_key(L, test, test_keys);
		if (bad)
			fail_file(run, _("FAIL  %s: unknown key \"%s\" in the test file (known: base cases)\n"), file, bad);
		if (lua_getfield(L, test, "cases") != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
			fail_file(run, _("FAIL  %s: the test file has no cases (the list of test cases)\n"), file);
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
	}
	free(dir);
	lua_settop(L, top);
}

/* Is the rule's file outside the bundled standard rules (bundled: that
 * folder's real path)? */
static bool not_standard(const rule_set *rs, const char *id, const char *bundled)
{
	const rule_decl *d = ruleset_find(rs, id);
	char *real = d ? realpath(d->file, NULL) : NULL;
	size_t n = bundled ? strlen(bundled) : 0;
	bool outside = !real || !bundled || strncmp(real, bundled, n) || real[n] != '/';
	free(real);
	return outside;
}

static bool involves_new_rule(const char *a, const char *b, void *context)
{
	const rule_tests *run = context;
	return not_standard(run->engine->rules, a, run->bundled) ||
	       not_standard(run->engine->rules, b, run->bundled);
}

/* Rules that report on the same data: all of them for rules --overlap;
 * after the tests, those where a rule is not a standard one (the
 * standard rules' own overlaps are known, and would be noise in every
 * run). */
static void report_overlaps(rule_tests *run, const rule_test_settings *s)
{
	if (s->overlap_report) {
		size_t n = overlaps_print(&run->overlaps, stdout, NULL, NULL);
		printf(ngettext("%zu pair of rules reports on the same data in the rule tests\n",
		                "%zu pairs of rules report on the same data in the rule tests\n", n), n);
		return;
	}
	run->bundled = realpath(fs_bundled_rules(), NULL);
	overlaps_print(&run->overlaps, stdout, involves_new_rule, run);
	free(run->bundled);
}

int run_rule_tests(const rule_test_settings *s, rule_test_counts *counts)
{
	memset(counts, 0, sizeof *counts);
	rule_coverage *coverage = s->coverage ? coverage_new() : NULL;
	run_options options;
	run_options_init(&options);
	options.rule_dirs = s->rule_dirs;
	options.rule_dir_count = s->rule_dir_count;
	options.rules.coverage = coverage;
	options.rules.describe_params = true; /* the values, for lint_policies */
	engine e;
	string_list files = { 0 };
	char error[2048];
	int status = -1;
	if (engine_open(&e, &options, error, sizeof error) != 0) {
		text_complain(stderr, _("pevcheck: rules failed to load: %s\n"), error);
		goto out;
	}
	if (!s->overlap_report)
		lint_policies(e.rules, stdout);
	rule_tests run = { .engine = &e, .verbose = s->verbose, .quiet = s->overlap_report,
		           .settings = s };
	for (size_t i = 0; i < s->test_dirs->count; i++) {
		fs_walk walk = { 0 };
		find_tests(s->test_dirs->items[i], &files, &walk);
		fs_walk_free(&walk);
	}
	for (size_t i = 0; i < files.count; i++)
		run_test_file(&run, files.items[i]);
	if (files.count == 0)
		fputs(_("no rule tests found (*.test.yaml)\n"), stdout);
	report_overlaps(&run, s);
	overlaps_free(&run.overlaps);
	if (coverage)
		coverage_report(coverage, stdout);
	counts->passed = run.passed;
	counts->failed = run.failed;
	status = 0;
out:
	string_list_free(&files);
	engine_close(&e);
	coverage_free(coverage);
	return status;
}

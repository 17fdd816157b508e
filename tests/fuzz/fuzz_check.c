/*
 * fuzz_check — libFuzzer target for a whole check of one data file:
 * load -> model -> rules -> score, as `pevcheck check` does it.
 *
 * The engine is opened once, on the bundled rules: $PEVCHECK_RULES when
 * set, else the rules/ directory of the repository this executable was
 * built in (build/fuzz/fuzz_check -> ../../rules), else ./rules.  Each input
 * is checked with engine_check_buffer; the sink walks every result (each
 * finding, indicator, deduction, target) checking what a printer relies
 * on, and hands it to the text and JSON printers writing to /dev/null.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run_engine.h"
#include "fmt.h"

#define REQUIRE(cond)                                                                  \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "fuzz_check: invariant failed: %s (%s:%d)\n", \
			        #cond, __FILE__, __LINE__);                            \
			abort();                                                       \
		}                                                                      \
	} while (0)

static engine checker;
static FILE *devnull;
static printer text_printer, json_printer;
static int base_top; /* the Lua stack between checks */

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The rule directory: $PEVCHECK_RULES, else next to the executable. */
static const char *find_rules(char *buf, size_t size)
{
	const char *env = getenv("PEVCHECK_RULES");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			static const char *const candidates[] = { "%s/../../rules", "%s/rules" };
			for (size_t i = 0; i < 2; i++) {
				snprintf(buf, size, candidates[i], exe);
				if (is_dir(buf))
					return buf;
			}
		}
	}
	return "rules";
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The run's options outlive the engine that reads them. */
	static char buf[PATH_MAX + 32];
	static const char *dir;
	static run_options options;
	dir = find_rules(buf, sizeof buf);
	run_options_init(&options);
	options.rule_dirs = &dir;
	options.rule_dir_count = 1;
	char error[2048];
	if (engine_open(&checker, &options, error, sizeof error) != 0) {
		fprintf(stderr, "fuzz_check: cannot load the rules in %s: %s\n", dir, error);
		exit(1);
	}
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		exit(1);
	format_options fo = { .out = devnull, .fail_on = SEV_ERROR, .version = "fuzz",
		              .rules = checker.rules, .checked_at = "2024-01-01T00:00:00+0000" };
	if (!format_printer("text", &fo, &text_printer) || !format_printer("json", &fo, &json_printer))
		exit(1);
	text_printer.begin(&text_printer);
	json_printer.begin(&json_printer);
	base_top = lua_gettop(ruleset_state(checker.rules));
	return 0;
}

static void check_string(const char *s)
{
	if (s)
		(void)strlen(s); /* readable and terminated, as far as ASan can tell */
}

static void check_deductions(const deduction *d, size_t n)
{
	REQUIRE(n == 0 || d != NULL);
	for (size_t i = 0; i < n; i++) {
		check_string(d[i].rule);
		check_string(d[i].reason);
		check_string(d[i].fix);
		if (d[i].has_points)
			REQUIRE(d[i].points.scale >= 0 && d[i].points.scale <= DEC_MAX_SCALE);
	}
}

static void sink(void *context, const doc_result *r)
{
	size_t *documents = context;
	(*documents)++;
	REQUIRE(r->file && !strcmp(r->file, "fuzz.yaml"));
	REQUIRE(r->document >= 0);
	check_string(r->kind);
	check_string(r->unit);
	check_string(r->project);
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		REQUIRE(f->rule && f->message);
		REQUIRE(f->severity <= SEV_ERROR);
		REQUIRE(f->line >= 0 && f->column >= 0);
		check_string(f->rule);
		check_string(f->message);
		check_string(f->path);
		check_string(f->indicator);
		check_string(f->source);
		/* Findings come sorted by line: printers rely on it. */
		if (i > 0)
			REQUIRE(r->findings[i - 1].line <= f->line);
	}
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *s = &r->indicators[i];
		REQUIRE(s->path && s->name);
		REQUIRE(s->depth >= 0);
		check_string(s->formula);
		check_string(s->data_path);
		REQUIRE(s->status == IND_OK || s->status == IND_MISMATCH || s->status == IND_UNVERIFIED ||
		        s->status == IND_BLANK);
		check_deductions(s->deductions, s->deduction_count);
		check_deductions(s->claimed_deductions, s->claimed_deduction_count);
	}
	for (size_t i = 0; i < r->target_count; i++) {
		const target_summary *t = &r->targets[i];
		check_string(t->name);
		check_string(t->indicator);
		check_string(t->unit);
		check_string(t->target);
		check_string(t->actual);
		check_string(t->status);
		check_string(t->reason);
		REQUIRE(t->met >= -1 && t->met <= 1);
	}
	check_string(r->grade_claimed);
	check_string(r->grade_computed);
	REQUIRE(result_max_severity(r) >= -1 && result_max_severity(r) <= SEV_ERROR);
	text_printer.document(&text_printer, r);
	json_printer.document(&json_printer, r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t documents = 0;
	int n = engine_check_buffer(&checker, "fuzz.yaml", (const char *)data, size, sink,
	                            &documents);
	REQUIRE(n >= 0 && (size_t)n == documents);
	/* Every file gives at least one result: an empty one says so. */
	REQUIRE(documents >= 1);
	REQUIRE(lua_gettop(ruleset_state(checker.rules)) == base_top);
	/* Free this input's tables now, so libFuzzer's leak check (run after
	 * any input that leaves more allocations than it freed) looks only at
	 * real leaks, not at garbage the collector has not reached yet. */
	lua_gc(ruleset_state(checker.rules), LUA_GCCOLLECT);
	return 0;
}

/*
 * fuzz_form — libFuzzer target for reading a text export as a report: the
 * input is a whole file named "fuzz.txt", read by load_grid and mapped by
 * the bundled form layouts (rules/forms/, loaded once) through form_read.
 * The readers' own targets stop at the grid; this one goes on through the
 * layouts' tables, rows, patterns and the YAML the form becomes, which is
 * what pevcheck check and import read next.
 *
 * Invariants: a report always comes back, its YAML is NUL-terminated UTF-8
 * of the stated length, notes have messages, every line of the YAML that
 * names a place names one in the file, and the YAML loads as YAML (the
 * form writer must never write what the loader rejects as a syntax error:
 * the preparer would see a pev.yaml error about a file they never wrote).
 *
 *   make fuzz-run-fuzz_form FUZZ_SECONDS=300   (from the repository root)
 */
#define FUZZ_NAME "fuzz_form"
#include "fuzz_grid.h"

#include <lua.h>

#include "load_form.h"
#include "load_positions.h"
#include "load_yaml.h"
#include "rules_sandbox.h"
#include "run_result.h"

static layout_set layouts;
static lua_State *state;
static pos_tree positions;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dirs[] = { "rules" };
	char error[512];
	if (layout_set_load(&layouts, dirs, 1, error, sizeof error) != 0 || layouts.count == 0) {
		fprintf(stderr, "fuzz_form: cannot load the layouts of rules/ (run from the repository root): %s\n",
		        error);
		exit(1);
	}
	state = sandbox_new(NULL);
	if (!state) {
		fprintf(stderr, "fuzz_form: cannot create the Lua state\n");
		exit(1);
	}
	pos_tree_init(&positions);
	return 0;
}

/* The YAML the form became loads without a syntax error. */
static void check_yaml_loads(const form_report *out)
{
	yload ld;
	REQUIRE(yload_open_buffer(&ld, out->yaml, out->length, NULL) == 0);
	lua_State *L = state;
	int top = lua_gettop(L);
	for (size_t documents = 0;; documents++) {
		REQUIRE(documents <= out->documents + 1);
		doc_result *r = result_new("fuzz.yaml", 0);
		int got = yload_next(&ld, L, &positions, r);
		for (size_t i = 0; i < r->finding_count; i++)
			REQUIRE(strcmp(r->findings[i].rule, "pev.yaml") != 0);
		lua_settop(L, top);
		result_free(r);
		if (got == 0)
			break;
		(void)yload_more(&ld);
	}
	yload_close(&ld);
	lua_gc(L, LUA_GCCOLLECT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	form_report out;
	size_t documents = form_read_buffer(data, size, "fuzz.txt", &layouts, &fuzz_limits, &out);
	REQUIRE(out.yaml != NULL);
	REQUIRE(strlen(out.yaml) == out.length);
	REQUIRE(documents == out.documents);
	REQUIRE(fuzz_valid_utf8(out.yaml));
	for (size_t i = 0; i < out.note_count; i++)
		REQUIRE(out.notes[i].message && out.notes[i].message[0]);
	for (int line = 1; line <= (int)out.lines.count + 1; line++)
		(void)form_place_of_line(&out, line);
	if (documents)
		check_yaml_loads(&out);
	form_report_free(&out);
	return 0;
}

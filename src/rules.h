/*
 * rules — loading rule scripts and running them on a report (SPEC §2).
 *
 * A rule directory holds *.lua rule files (any depth; files under a lib/
 * folder are modules for `require`, not rules), *.test.yaml rule tests and an
 * optional ruleset.yaml (name, version, grade bands).  Files load in path
 * order, once per Lua state; each runs in its own environment, and
 * `rule { ... }` declares a rule.  A rule's check function runs once per
 * report document with a read-only view of the report and a fresh table for
 * the globals of every function of its file (and of the modules the file
 * required), under the sandbox's instruction and memory budget.
 *
 * What rules do is recorded, never applied to the report: findings go to the
 * result, deductions and formula scores to score_effects for score_compute.
 *
 * A rule_set is a handle: its Lua state and declarations are its own, read
 * through rules_catalog.h; how it runs is fixed when it is opened, by
 * rule_options.  One rule set per thread.  Knows nothing about output
 * formats.
 */
#ifndef PEVCHECK_RULES_H
#define PEVCHECK_RULES_H

#include <lua.h>
#include <stdbool.h>
#include <stdio.h>

#include "load_layout.h"
#include "load_positions.h"
#include "rules_catalog.h"
#include "rules_sandbox.h"
#include "run_result.h"
#include "score_compute.h"
#include "score_framework.h"

#define RULE_HISTORY "pev.history"

struct input_index;
struct rule_coverage;

/* How a rule set runs, filled once by the command.  Every worker's rule set
 * reads the same one through a pointer, so it must outlive them all and
 * not change while reports are checked. */
typedef struct rule_options {
	sandbox_limits limits; /* each check's budget (rules_sandbox.h) */
	bool profile;          /* time every check (check --profile) */
	const char *framework; /* check --framework NAME for every report, or NULL */
	/* The run's inputs by unit and year (load_inputs.h), where previous()
	 * looks for last year's report; NULL: none. */
	struct input_index *inputs;
	/* Line coverage (test --coverage): NULL when off. */
	struct rule_coverage *coverage;
	/* Keep each parameter's value as written, its line and its comment
	 * (rule_param), for explain. */
	bool describe_params;
	/* No input of the run is a form: the form layouts are not read
	 * (ruleset_layouts is then empty), which a one-file check of a data
	 * file would spend a tenth of its time on. */
	bool without_layouts;
} rule_options;

/* Load every rule under dirs.  Returns the rule set, or NULL with a message
 * naming the file and line in error (the run must stop with exit status 2). */
rule_set *ruleset_open(const char *const *dirs, size_t dir_count, const rule_options *options,
                       char *error, size_t error_size);
void ruleset_close(rule_set *rs); /* NULL: nothing */

/* The rule set's Lua state, for the engine to load a report into and the
 * rule test runner to build its cases in; never for printers. */
lua_State *ruleset_state(const rule_set *rs);

/* What the project configuration may change (run_config.c): false when
 * there is no rule with that id. */
bool ruleset_disable(rule_set *rs, const char *id);
bool ruleset_set_severity(rule_set *rs, const char *id, enum severity severity);
void ruleset_set_bands(rule_set *rs, const grade_bands *bands);

/* Run every rule that applies on the document whose (normalised) root table
 * is at index.  Findings go to r, scoring effects to e. */
void ruleset_check(rule_set *rs, int index, const pos_tree *pos, doc_result *r,
                   score_effects *e);
/* Rules that failed at run time, over every document checked so far. */
int ruleset_crashes(const rule_set *rs);

/* The scoring frameworks loaded with the rules (score_framework.h): those
 * of the rule directories and the bundled ones. */
const framework_set *ruleset_frameworks(const rule_set *rs);
/* The form layouts loaded with the rules (load_layout.h): the forms/
 * folders of the bundled rules and of the rule directories. */
const layout_set *ruleset_layouts(const rule_set *rs);
/* Check the rule ids and parameter names the frameworks name.  Returns 0,
 * or -1 with "file:line: what is wrong" in error. */
int ruleset_check_frameworks(rule_set *rs, char *error, size_t error_size);
/* The framework that scores the report about to be checked (the engine
 * chooses it: framework_choose), or NULL for none; overlay, when not NULL,
 * is a framework of parameters, switched-off rules and grade bands only
 * (no indicator tree), applied over f. */
void ruleset_use_framework(rule_set *rs, const framework *f, const framework *overlay,
                           enum fw_chosen_by by);
/* Is the rule switched off by the framework in use? */
bool ruleset_framework_disables(const rule_set *rs, const rule_decl *d);
/* The grade bands in force: the framework's, else the rule set's. */
const grade_bands *ruleset_bands(const rule_set *rs);

/* Add the --profile times of `from` (a worker's rule set, opened on the
 * same directories) to `into`. */
void ruleset_add_profile(rule_set *into, const rule_set *from);
/* Print the --profile table: per rule, calls, total and mean time and
 * share of the time in rules, slowest first, with file:line. */
void ruleset_print_profile(const rule_set *rs, FILE *out);

#endif

/*
 * rules — loading rule scripts and running them on a report (SPEC §2).
 *
 * A rule directory holds *.lua rule files (any depth; files under a lib/
 * folder are modules for `require`, not rules), *.test.yaml rule tests and an
 * optional ruleset.yaml (name, version, grade bands).  Files load in path
 * order, once per Lua state; each runs in its own environment, and
 * `rule { ... }` declares a rule.  A rule's check function runs once per
 * report document with a read-only view of the report and a fresh table for
 * its globals, under the sandbox's instruction and memory budget.
 *
 * What rules do is recorded, never applied to the report: findings go to the
 * result, deductions and formula scores to score_effects for score.c.
 *
 * Knows nothing about output formats.
 */
#ifndef PEVCHECK_RULES_H
#define PEVCHECK_RULES_H

#include <lua.h>
#include <stdbool.h>
#include <stdio.h>

#include "load_positions.h"
#include "run_result.h"
#include "rules_sandbox.h"
#include "score_compute.h"
#include "score_framework.h"

#define RULE_CRASH "pev.rule"
#define RULE_HISTORY "pev.history"

enum { KIND_DEPARTMENT = 1, KIND_PROJECT = 2 };

typedef struct rule_param {
	char *name;
	/* for explain only (ruleset_describe_params), else NULL and 0: */
	char *value;   /* as Lua prints it */
	char *comment; /* the -- comment on its line, or NULL */
	int line;
} rule_param;

/* Data a rule needs to check anything (rule{} needs = ...): a data path
 * such as "facts.asset_changes", and what it is called for the reader. */
typedef struct rule_need {
	char *path;
	char *label; /* NULL: the path says it */
} rule_need;

typedef struct rule_decl {
	char *id, *title, *policy, *reference;
	char *indicator; /* the indicator path it scores, as rule{} names it, or NULL */
	char *concept;   /* or what it scores (资产管理 ...): the framework maps it */
	rule_need *needs;
	size_t need_count;
	char *file; /* as given on the command line, e.g. rules/budget/carryover.lua */
	int line;   /* of its rule { ... } */
	enum severity severity;
	unsigned kinds; /* KIND_* bits */
	long year_from, year_until; /* 0 when open */
	rule_param *params;
	size_t param_count;
	int check_ref; /* registry reference to its check function */
	int env_mt_ref; /* metatable of its per-report globals */
	int env_upvalue; /* index of the check's _ENV upvalue, 0 if none */
	bool disabled;   /* switched off by the project configuration */
	/* --profile: how often the check ran and how long it took */
	unsigned long long profile_calls, profile_ns;
} rule_decl;

typedef struct rule_set {
	lua_State *L;
	rule_decl *rules;
	size_t count, capacity;
	char **dirs;
	size_t dir_count;
	grade_bands bands;
	char *name, *version;
	int crashes; /* rules that failed at run time, over all documents */
	long max_findings; /* per rule and report (sandbox_limits.rule_findings) */
	bool profile; /* time every check (pevcheck check --profile) */
	framework_set frameworks;      /* scoring frameworks, see score_framework.h */
	const framework *framework;    /* the one of the report being checked, or NULL */
	const framework *overlay;      /* a framework of parameters only over it, or NULL */
	enum fw_chosen_by framework_by; /* and why */
	char *forced_framework;        /* check --framework NAME, or NULL */
	/* The inputs by unit and year, for previous() (load_inputs.h): NULL
	 * unless the run made one; shared by every worker. */
	struct input_index *inputs;
	/* line coverage (pevcheck test --coverage): NULL when off */
	struct rule_coverage *coverage;
	void *run; /* the running document's context, see rules.c */
} rule_set;

/* Keep each parameter's value as written, its line and its comment
 * (rule_param.value, .line, .comment) for the rule sets opened after this;
 * otherwise they are NULL and 0.  For explain, before loading. */
void ruleset_describe_params(bool on);

/* Load every rule under dirs.  Returns 0, or -1 with a message naming the
 * file and line in error (the run must stop with exit status 2). */
int ruleset_open(rule_set *rs, const char *const *dirs, size_t dir_count,
                 const sandbox_limits *limits, char *error, size_t error_size);
/* Same, recording which lines of the rule files can run and which did
 * (rules_coverage.h); the rule set does not own `coverage`. */
int ruleset_open_traced(rule_set *rs, const char *const *dirs, size_t dir_count,
                        const sandbox_limits *limits, struct rule_coverage *coverage,
                        char *error, size_t error_size);
void ruleset_close(rule_set *rs);
const rule_decl *ruleset_find(const rule_set *rs, const char *id);

/* Is id a valid rule id: lower-case letters, digits, '-', '_' and dots,
 * no empty part ("dept.asset.late")?  The one test loading and new-rule
 * share. */
bool rule_id_valid(const char *id);
/* KIND_DEPARTMENT or KIND_PROJECT for a report kind's name, 0 for others. */
unsigned rule_kind_bit(const char *kind);
/* Is the rule meant for the report: its kind and year range (a rule the
 * project configuration switched off still applies; it just does not run). */
bool rule_applies(const rule_decl *d, const doc_result *r);

/* Run every rule that applies on the document whose (normalised) root table
 * is at index.  Findings go to r, scoring effects to e. */
void ruleset_check(rule_set *rs, int index, const pos_tree *pos, doc_result *r,
                   score_effects *e);

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

/* Print the --profile table: per rule, calls, total and mean time and
 * share of the time in rules, slowest first, with file:line. */
void ruleset_print_profile(const rule_set *rs, FILE *out);

#endif

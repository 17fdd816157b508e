/*
 * rules_catalog — the loaded rules as every stage after the rule runtime
 * sees them: read-only declarations (id, title, severity, kinds, years,
 * policy and reference text, file:line, parameters) in load order, the
 * rule set's name and version, and the one test of whether a rule applies
 * to a report.  What printers and commands know of the rules.
 *
 * Includes no Lua header: what includes only this cannot reach a Lua state,
 * run a rule or change one.  The rule set itself is opaque (rules.h).
 */
#ifndef PEVCHECK_RULES_CATALOG_H
#define PEVCHECK_RULES_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "run_result.h"

enum { KIND_DEPARTMENT = 1, KIND_PROJECT = 2 };

typedef struct rule_param {
	char *name;
	/* only when the rules were opened with describe_params, else NULL and 0: */
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
	char *concept;   /* or what it scores (资产登记 ...): the framework places it */
	rule_need *needs;
	size_t need_count;
	char *file; /* as given on the command line, e.g. rules/budget/carryover.lua */
	int line;   /* of its rule { ... } */
	enum severity severity;
	unsigned kinds;             /* KIND_* bits */
	long year_from, year_until; /* 0 when open */
	rule_param *params;
	size_t param_count;
	bool disabled; /* switched off by the project configuration */
	/* Only when the rules were opened with describe_params, else 0: the
	 * line of the check's first finding{severity = "..."} for each
	 * severity (indexed by enum severity), and of a severity = that is
	 * not a literal (chosen when it runs). */
	int severity_lines[SEV_NONE];
	int severity_computed_line;
} rule_decl;

typedef struct rule_set rule_set;

/* The rules in load order: i from 0 to ruleset_count() - 1. */
size_t ruleset_count(const rule_set *rs);
const rule_decl *ruleset_rule(const rule_set *rs, size_t i);
/* The rule with this id, or NULL. */
const rule_decl *ruleset_find(const rule_set *rs, const char *id);
/* Its place in load order, or ruleset_count() when there is none. */
size_t ruleset_index(const rule_set *rs, const char *id);
/* From ruleset.yaml, else pevcheck's own. */
const char *ruleset_name(const rule_set *rs);
const char *ruleset_version(const rule_set *rs);

/* Is id a valid rule id: lower-case letters, digits, '-', '_' and dots,
 * no empty part ("dept.asset.late")?  The one test loading and new-rule
 * share. */
bool rule_id_valid(const char *id);
/* KIND_DEPARTMENT or KIND_PROJECT for a report kind's name, 0 for others. */
unsigned rule_kind_bit(const char *kind);
/* Is the rule meant for the report: its kind and year range (a rule the
 * project configuration switched off still applies; it just does not run). */
bool rule_applies(const rule_decl *d, const doc_result *r);

#endif

/*
 * score_framework — scoring frameworks (评分框架) as data.
 *
 * A framework is a YAML file in a rule directory's frameworks/ folder (the
 * older profiles/ folder is read the same way): its indicator tree (names,
 * full marks where the framework prints them, how each indicator is scored),
 * the concepts the standard rules score mapped to its indicators, grade
 * bands, rule parameters it overrides (the points and steps a province
 * prints) and rules it switches off:
 *
 *   name: 投入-过程-产出-效果
 *   title: 部门整体支出绩效评价共性指标体系框架
 *   kind: department
 *   source: 《……》（财预〔2013〕53号）附件2
 *   extends: OTHER              # optional: a regional variant of another one
 *   rate_includes_opening_balance: true   # 执行率 = 执行数 ÷（全年预算数 + 年初结转结余）
 *   rate_uses_received_funds: true        # 执行率 = 执行数 ÷ 实际到位资金 (or the other)
 *   indicators:
 *     - name: 过程
 *       children:
 *         - {name: 预算完成率, max: 3, method: formula, scoring: "……"}
 *   concepts: {预算执行率: 过程/预算执行/预算完成率}
 *   grades: [{grade: 优, min: 90}, ...]
 *   params: {dept.budget.execution-rate: {per_point: 0.2}}
 *   disable: [dept.asset.registration-late]
 *
 * Which framework scores a report is decided here and only here
 * (framework_choose): --framework, else the report's framework: field,
 * else the one whose first-level indicators the report's score table
 * prints, else the kind's default.  Rules never decide it; the rule runtime
 * reads the chosen framework's parameters and concept paths.
 *
 * Everything a file states wrongly is a load error naming the file and line:
 * a broken tree, a concept mapped to a missing indicator, children whose
 * full marks do not add up to their parent's, an unknown field.  Rule ids
 * and parameter names are checked by the rule runtime, which knows the
 * rules (rules.h: ruleset_check_frameworks).
 *
 * Knows nothing about rules, reports being checked or output formats.
 */
#ifndef PEVCHECK_SCORE_FRAMEWORK_H
#define PEVCHECK_SCORE_FRAMEWORK_H

#include <stdbool.h>
#include <stddef.h>

#include "base_decimal.h"
#include "score_compute.h"

#define RULE_FRAMEWORK "pev.framework"

/* A value a framework gives a rule parameter: as YAML wrote it. */
typedef struct fw_value {
	enum { FWV_NULL, FWV_BOOL, FWV_NUMBER, FWV_TEXT, FWV_LIST } kind;
	bool boolean;
	decimal number;
	char *text;
	struct fw_value *items; /* FWV_LIST */
	size_t count;
} fw_value;

typedef struct fw_param {
	char *rule, *name;
	fw_value value;
	char *file; /* the framework file that set it, and its line */
	int line;
} fw_param;

/* One indicator of the tree, in pre-order (parents before children). */
typedef struct fw_node {
	char *name;
	char *path; /* names joined by "/" */
	int depth;  /* 0: a first-level (一级) indicator */
	bool has_max;
	decimal max;
	char **aliases; /* other printed spellings of the name */
	size_t alias_count;
	char *method;  /* formula | deduction | bands | targets | judgement, or NULL */
	char *scoring; /* the framework's scoring text, or NULL */
	int line;
	int points_line; /* the points: entry of the framework's own file that changed max, or 0 */
} fw_node;

/* concepts: a concept and the indicator it lands on (NULL: mapped to ~, not
 * scored here), and where that was said. */
typedef struct fw_concept {
	char *concept, *path;
	char *file;
	int line;
} fw_concept;

typedef struct framework {
	char *name, *title, *kind, *source;
	char *file; /* where it was read */
	int line;   /* of its name: */
	char *extends;  /* the framework it is a variant of, as named, or NULL */
	char *replaces; /* the file of the framework of this name from an earlier
	                 * rule directory that it replaces, or NULL */
	/* From a directory the run did not name as a rule directory (the
	 * bundled frameworks): rules it names that are not loaded are not
	 * an error. */
	bool implicit;
	char **aliases;
	size_t alias_count;
	bool detect;     /* may be chosen from a report's first-level indicators */
	bool is_default; /* the one for its kind when a report has no score table */
	/* Its execution rate (预算执行率, 预算完成率) divides by the full-year
	 * budget plus the opening balance (年初结转结余), as Hunan's does; or by
	 * the funds received (实际到位资金), as 财预〔2020〕10号 附件1 does. */
	bool rate_includes_opening_balance;
	bool rate_uses_received_funds;
	fw_node *nodes;
	size_t node_count;
	fw_concept *concepts;
	size_t concept_count;
	bool has_bands;
	grade_bands bands;
	fw_param *params;
	size_t param_count;
	char **disabled;
	int *disabled_lines;
	size_t disabled_count;
} framework;

typedef struct framework_set {
	framework *items;
	size_t count;
} framework_set;

/* Read every .yaml file in the frameworks/ and profiles/ folders of dirs,
 * in name order, resolving extends:; the first `implicit` dirs are not the
 * run's own rule directories (framework.implicit).  A framework of the
 * same name as one from an earlier directory replaces it (its `replaces`
 * names the file); twice in one directory is an error.  Returns 0, or -1
 * with "file:line: what is wrong" in error. */
int framework_set_load(framework_set *s, const char *const *dirs, size_t dir_count,
                       size_t implicit, char *error, size_t error_size);
void framework_set_free(framework_set *s);

/* A parameter's value as YAML would write it ("5", "floor", "true",
 * "[a, b]", "~"), into buf. */
void framework_value_text(const fw_value *v, char *buf, size_t size);

/* The framework called name (or one of its aliases), or NULL. */
const framework *framework_find(const framework_set *s, const char *name);
/* "a, b, c": the names, for messages ("(none)" when there are none). */
void framework_names(const framework_set *s, char *buf, size_t size);

/* The indicator path a concept maps to in f, or NULL. */
const char *framework_concept_path(const framework *f, const char *concept);
/* The node at path, or NULL. */
const fw_node *framework_node(const framework *f, const char *path);
/* The node whose name or alias is `name` among the children of `parent`
 * (NULL: among the first-level indicators), or NULL. */
const fw_node *framework_child_named(const framework *f, const fw_node *parent, const char *name);

enum fw_chosen_by { FW_BY_NONE, FW_BY_REPORT, FW_BY_OPTION, FW_BY_DETECTED, FW_BY_DEFAULT };
/* "report", "option", "detected", "default" (SPEC §5), or NULL for none. */
const char *framework_chosen_by_name(enum fw_chosen_by by);

/* What a report says that decides its framework. */
typedef struct fw_report {
	const char *kind;    /* department | project, or NULL */
	const char *named;   /* its framework: field, or NULL */
	const char *forced;  /* check --framework, or NULL */
	const char *const *first_level; /* the names of its first-level indicators */
	size_t first_level_count;
} fw_report;

/*
 * The framework that scores the report, and why: --framework (for every
 * report), else the report's framework: field (an unknown name is reported
 * by the caller: *unknown is set), else the framework of the report's kind whose first-level
 * indicators match most of the printed ones (at least half of them, and of
 * the framework's), else the kind's default (the first framework of that
 * kind in name order that declares default: true, or none).  `why` gets a
 * sentence for the reader ("一级指标 投入、过程、产出、效果 与之相符").
 */
const framework *framework_choose(const framework_set *s, const fw_report *report,
                                  enum fw_chosen_by *by, bool *unknown, char *why,
                                  size_t why_size);

#endif

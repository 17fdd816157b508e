/*
 * run_config — the project configuration, .pevcheck.yaml: rule directories,
 * rules switched off, severity overrides, grade bands, --fail-on, and
 * waivers (豁免): a finding waived for a file or glob, with a reason, who
 * approved it and an expiry date.
 *
 * A waived finding stays in every format, marked waived, and never counts
 * against --fail-on.  A waiver past its expiry date no longer applies and is
 * itself reported, as is one that matched nothing in the whole run.
 */
#ifndef PEVCHECK_RUN_CONFIG_H
#define PEVCHECK_RUN_CONFIG_H

#include <stdbool.h>

#include "load_yaml.h"
#include "rules_catalog.h"
#include "rules_sandbox.h"
#include "run_result.h"
#include "score_compute.h"

#define CONFIG_NAME ".pevcheck.yaml"
#define RULE_CONFIG "pev.config"

typedef struct waiver {
	char *rule, *files, *path, *reason, *approved_by, *expires;
	int line;
	bool expired;
	int used;       /* set by any worker thread, read after the run */
	int applicable; /* its files were among those checked; likewise */
} waiver;

typedef struct severity_override {
	char *rule;
	enum severity severity;
	int line;
} severity_override;

typedef struct project_config {
	char *file; /* NULL when there is none */
	char *dir;  /* its folder, for the relative paths in it */
	char **rule_dirs;
	size_t rule_dir_count;
	char **disabled;
	int *disabled_lines;
	size_t disabled_count;
	severity_override *overrides;
	size_t override_count;
	bool has_bands;
	grade_bands bands;
	int fail_on; /* -1 when not set */
	int jobs;    /* 0 when not set */
	load_limits data_limits;     /* limits: ..., over the defaults */
	sandbox_limits rule_limits;
	waiver *waivers;
	size_t waiver_count;
	char today[11]; /* YYYY-MM-DD */
	char *language; /* language: zh | en, or NULL */
} project_config;

/* Look for .pevcheck.yaml from the current directory upward; fills path
 * and returns true when one is found. */
bool config_find(char *path, size_t size);
/* Load one; returns 0, or -1 with "file:line: what is wrong" in error. */
int config_load(project_config *c, const char *path, char *error, size_t error_size);
void config_init(project_config *c);
void config_free(project_config *c);

/* Switch rules off, override severities and grade bands in a loaded rule
 * set; an id the rule set does not have is an error (a typo would
 * otherwise silently keep the rule on). */
int config_apply_rules(const project_config *c, rule_set *rs, char *error, size_t error_size);

/* Mark the findings of r that a waiver covers (thread-safe). */
void config_apply_waivers(project_config *c, doc_result *r);

/* After the run: a result for the configuration file itself holding
 * expired waivers and waivers that matched nothing in the files they apply
 * to, or NULL when there is nothing to say. */
doc_result *config_waiver_report(const project_config *c);

#endif

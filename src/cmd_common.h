/*
 * cmd_common — what the subcommands share: exit codes, the bundled rules, the
 * version, the project configuration and the rule directories a command was
 * given.  Each command is a cmd_NAME() in cmd_NAME.c, dispatched by main.c.
 */
#ifndef PEVCHECK_CMD_COMMON_H
#define PEVCHECK_CMD_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "base_alloc.h"
#include "base_version.h"
#include "run_config.h"

enum exit_code {
	EXIT_CLEAN = 0,    /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	EXIT_TROUBLE = 2,  /* usage, unreadable paths, rules that fail to load or crash */
};


/* Add a rule directory to dirs, unless it is there already under another
 * spelling ("rules", "./rules/"): loading it twice would declare every
 * rule twice. */
void cmd_add_dir(string_list *dirs, const char *dir);
/* Without rule directories: the configuration's, else the bundled rules. */
void cmd_default_rule_dirs(string_list *dirs, const project_config *config);

/* Load the project configuration as every command does: `file` when given,
 * else .pevcheck.yaml found from the current directory upward; none with
 * `skip`.  Returns 0, or -1 after reporting the error.  config must have
 * been initialised (config_init). */
int cmd_load_config(project_config *config, const char *file, bool skip);

/* The options of the commands that read the rule directories without
 * checking reports (rules, explain, frameworks, import, forms): -r DIR,
 * --config FILE, --no-config, --help, and -o FILE when output is not NULL;
 * then the project configuration and the default rule directories, as
 * check does.  Returns optind of the first operand, -1 after a usage or
 * configuration error (reported), -2 after --help (usage, translated by
 * the caller, printed). */
int cmd_rule_options(int argc, char **argv, const char *usage, string_list *dirs, project_config *config,
                     const char **output);

/* PEVCHECK_CACHE=off (or 0, no): no results cache, as --no-cache. */
bool cmd_cache_off(void);

int cmd_check(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_frameworks(int argc, char **argv);
int cmd_new_rule(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_forms(int argc, char **argv);

#endif

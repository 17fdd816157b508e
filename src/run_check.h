/*
 * run_check — one `pevcheck check` run, from settings the command resolved
 * to its outcome: the limits, the rules (one engine per worker, all opened
 * from one run_options), the files, the printer, the one-line outcome on
 * stderr, and the report file, written beside its target and renamed at
 * the end so that an interrupted run leaves the old report or none.
 *
 * Parses no command line and decides no exit status (cmd_check.c does).
 */
#ifndef PEVCHECK_RUN_CHECK_H
#define PEVCHECK_RUN_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "run_config.h"

typedef struct check_settings {
	const char *const *rule_dirs;
	size_t rule_dir_count;
	project_config *config; /* loaded, or only initialised (no file) */
	const char *format;     /* a name format_printer() knows */
	const char *output;     /* -o FILE, or NULL for stdout */
	const char *color;      /* auto | always | never */
	enum severity fail_on;
	int jobs;
	const char *files_from; /* --files-from, or NULL */
	const char *framework;  /* --framework NAME, or NULL */
	bool profile;
	bool cache;             /* reuse and keep results (run_cache.h) */
	const char *cache_dir;  /* --cache-dir, or NULL: the default */
	const char *const *limits; /* --limit NAME=N, over the configuration's */
	size_t limit_count;
	char *const *paths; /* the operands */
	size_t path_count;
	/* --watch: told every document's result as it is printed; NULL: not. */
	void (*observe)(void *context, const doc_result *r);
	void *observe_context;
} check_settings;

typedef struct check_outcome {
	int worst;    /* the highest severity found, waived findings aside; -1: none */
	bool trouble; /* files unreadable, rules failing, the report not written */
	int signal;   /* the signal that interrupted the run, or 0 */
} check_outcome;

/* Check every file; every error is reported on stderr as it happens. */
check_outcome run_check(const check_settings *s);

#endif

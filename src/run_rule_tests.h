/*
 * run_rule_tests — the rules' own tests, run as `pevcheck test` runs them.
 *
 * A test file (*.test.yaml, beside the rules it tests) holds cases; each
 * case is a data file, or a fragment merged over a base report, and what
 * checking it must give: findings that must appear, rules that must stay
 * silent, counts by severity, computed scores, statuses, total and grade.
 * The merged report is written out as JSON and checked exactly as
 * `pevcheck check` would.  A case that fails is listed on stdout ("FAIL
 * file: case") with every expectation it missed and the findings there
 * were; with --coverage, the lines of rule files no case ran follow.
 *
 * A key a test file does not know fails the test: a typo must never make
 * an expectation that checks nothing.
 */
#ifndef PEVCHECK_RUN_RULE_TESTS_H
#define PEVCHECK_RUN_RULE_TESTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base_alloc.h"

typedef struct rule_test_settings {
	const char *const *rule_dirs; /* the rules to load */
	size_t rule_dir_count;
	const string_list *test_dirs; /* where to look for *.test.yaml */
	bool verbose;                 /* list the cases that pass too */
	bool coverage;                /* then the lines never run */
	/* rules --overlap: list no case, only every pair of rules that
	 * report on the same data (run_test_overlap.h) */
	bool overlap_report;
	/* --watch: told each case's outcome and each file a case read
	 * beside the test files (base reports, case files); NULL: not. */
	void (*observe_case)(void *context, const char *file, const char *name, bool passed);
	void (*observe_file)(void *context, const char *path);
	void *observe_context;
} rule_test_settings;

typedef struct rule_test_counts {
	size_t passed, failed;
} rule_test_counts;

/* Run every test file under the test directories, in name order; the
 * counts of cases in *counts.  Returns 0, or -1 when the rules do not
 * load (reported on stderr). */
int run_rule_tests(const rule_test_settings *s, rule_test_counts *counts);

#endif

/*
 * run_test_lint — what `pevcheck test` warns about in the rules
 * themselves, beside their tests.
 *
 * A policy text that repeats a parameter's value as fixed text ("30 天内
 * … 扣 0.5 分" beside params { deadline_days = 30, points = 0.5 }) says one
 * thing while a scoring framework's params, or the next edit, make the
 * rule do another, and explain shows both.  A number of the policy text
 * equal to a numeric parameter is such a repetition unless the policy's
 * source (from `policy =` to the next field of rule{}) names the
 * parameter, as string.format("… %d 天 …", P.deadline_days) does.
 *
 * Needs the rules opened with describe_params (the values as written).
 */
#ifndef PEVCHECK_RUN_TEST_LINT_H
#define PEVCHECK_RUN_TEST_LINT_H

#include <stddef.h>
#include <stdio.h>

#include "rules_catalog.h"

/* Write a warning line for each such repetition to out; how many. */
size_t lint_policies(const rule_set *rs, FILE *out);

#endif

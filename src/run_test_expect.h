/*
 * run_test_expect — one rule test case's `expect:` against the result of
 * checking its report, and how a failure reads: every expected key of a
 * finding that is missing beside the closest actual finding, the keys that
 * differ marked; the findings there were; a failed rule's message and
 * traceback once, under its finding.
 *
 * A key the runner does not know, or a rule id no loaded rule has, fails
 * the case and names the nearest known one: a typo must never make an
 * expectation that checks nothing (no_findings: [a.misspelt.id] would
 * always pass).
 */
#ifndef PEVCHECK_RUN_TEST_EXPECT_H
#define PEVCHECK_RUN_TEST_EXPECT_H

#include <lua.h>
#include <stdbool.h>
#include <stdio.h>

#include "rules_catalog.h"
#include "run_result.h"

typedef struct case_check {
	lua_State *L;
	const rule_set *rules; /* the loaded rules: the ids a case may name */
	int expect;            /* stack index of the expect table */
	FILE *why;             /* the failure explained (a memory stream) */
	bool failed;
	int documents;
} case_check;

/* Fail the case with one line of why. */
void expect_fail(case_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* t[key] as text (a number as written), in buf; NULL when it is neither. */
const char *expect_text(lua_State *L, int t, const char *key, char *buf, size_t size);

/* A key of the table at index that is not in `known`, or NULL.  A typo
 * ("finding:" for "findings:") would otherwise make an expectation that
 * silently checks nothing, and a test that cannot fail. */
const char *expect_unknown_key(lua_State *L, int index, const char *const *known);

/* The keys of the case (the table at kase), of its expect and of each
 * expected finding, and the rule ids they name. */
void expect_check_keys(case_check *c, int kase);

/* An engine_sink: the first document's result against c's expectations. */
void expect_sink(void *context, const doc_result *r);

#endif

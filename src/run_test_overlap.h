/*
 * run_test_overlap — rules that report on the same data for the same
 * report: two rules with a finding at the same data path in one rule test
 * case.  A new rule that repeats a standard one (a satisfaction target
 * rule beside target.full-score-unmet, both at targets[3].score) tells the
 * preparer one thing twice; the rule tests are where the same inputs run
 * through every rule, so that is where it shows.
 *
 * The engine's own findings (pev.*) and rule failures do not count.
 */
#ifndef PEVCHECK_RUN_TEST_OVERLAP_H
#define PEVCHECK_RUN_TEST_OVERLAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "run_result.h"

/* Two rules, ids in strcmp order, and where they first met. */
typedef struct overlap_pair {
	char *a, *b;
	char *path;   /* the data path of their first shared findings */
	char *where;  /* "test file: case" of it */
	size_t cases; /* cases in which they met */
} overlap_pair;

typedef struct overlaps {
	overlap_pair *items;
	size_t count, capacity;
} overlaps;

/* Add the pairs of one case's result; where names the case. */
void overlaps_add(overlaps *o, const doc_result *r, const char *where);
/* Print a warning line per pair, in id order; those where keep(a, b,
 * context) says so (NULL: all).  Returns how many were printed. */
size_t overlaps_print(const overlaps *o, FILE *out,
                      bool (*keep)(const char *a, const char *b, void *context), void *context);
void overlaps_free(overlaps *o);

#endif

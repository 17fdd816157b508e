/*
 * rules_coverage — which lines of the rule files the rule tests ran
 * (`pevcheck test --coverage`).
 *
 * The lines that can run at all come from the compiled chunk itself: its
 * dump (lua_dump, Lua 5.4's format) lists every function with the line of
 * each instruction, nested functions included, so blank lines, comments
 * and the inside of a long string never count.  Hits come from a line hook
 * that only the test runner installs: `check` pays nothing.
 */
#ifndef PEVCHECK_RULES_COVERAGE_H
#define PEVCHECK_RULES_COVERAGE_H

#include <stddef.h>
#include <stdio.h>

typedef struct rule_coverage rule_coverage;

rule_coverage *coverage_new(void);
void coverage_free(rule_coverage *c);

/* Record the lines of a chunk compiled from `file`: its lua_dump output.
 * Returns 0, or -1 when the dump is not one this parser knows. */
int coverage_add_chunk(rule_coverage *c, const char *file, const unsigned char *dump,
                       size_t length);
/* A line of `file` ran. */
void coverage_hit(rule_coverage *c, const char *file, int line);
/* Per file: the share of its lines that ran, and the lines never run. */
void coverage_report(const rule_coverage *c, FILE *out);

#endif

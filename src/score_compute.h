/*
 * score_compute — computed scores beside claimed ones (SPEC §3).
 *
 * Input: the claimed indicator tree the report model put in the result, and
 * what the rules did to it (deductions, formula scores, and which
 * indicators some rule covered).  Output, in the same result: for every
 * indicator its computed score and status ok / mismatch / unverified, the
 * computed total and grade, and an error finding for each mismatch listing
 * the rule deductions beside the claimed ones.
 *
 * A covered leaf scores its formula score, or its max, less the rule
 * deductions (never below 0); an unverified leaf carries its claimed score.
 * A parent scores the sum of its children, less deductions made on it.
 *
 * Knows nothing about Lua, YAML or rule files.
 */
#ifndef PEVCHECK_SCORE_COMPUTE_H
#define PEVCHECK_SCORE_COMPUTE_H

#include "run_result.h"

#define RULE_SCORE "pev.score"
#define GRADE_BANDS_MAX 8

typedef struct grade_band {
	char name[32]; /* UTF-8, e.g. 优 */
	decimal min;   /* lowest total that earns it */
} grade_band;

typedef struct grade_bands {
	grade_band band[GRADE_BANDS_MAX]; /* highest first */
	size_t count;
} grade_bands;

extern const grade_bands grade_bands_default; /* 优 90, 良 80, 中 60, 差 0 */

/* The grade a total earns, or NULL when no band holds it. */
const char *score_grade_for(const grade_bands *b, decimal total);

typedef struct score_effect {
	char *indicator; /* the indicator's full path */
	char *rule;
	char *reason;    /* deduction reason, or formula note */
	decimal value;   /* points deducted, or the formula score */
	bool is_formula;
} score_effect;

typedef struct score_effects {
	score_effect *items;
	size_t count, capacity;
	char **covered; /* indicator paths some rule covered */
	size_t covered_count, covered_capacity;
	/* unverified(reason): a rule that could not check its indicator, and
	 * why (value and is_formula unused) */
	score_effect *notes;
	size_t note_count, note_capacity;
} score_effects;

void score_effects_clear(score_effects *e);
void score_effects_free(score_effects *e);
int score_add_effect(score_effects *e, const char *indicator, const char *rule,
                     const char *reason, decimal value, bool is_formula);
int score_add_covered(score_effects *e, const char *indicator);
/* A rule said it could not check its indicator (reason may be NULL). */
int score_add_unverified(score_effects *e, const char *indicator, const char *rule,
                         const char *reason);

void score_compute(doc_result *r, const score_effects *e, const grade_bands *bands);

#endif

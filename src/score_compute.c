/*
 * score_compute — see score_compute.h.
 */
#include "score_compute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_i18n.h"

const grade_bands grade_bands_default = {
	.band = { { "优", { 90, 0 } }, { "良", { 80, 0 } }, { "中", { 60, 0 } }, { "差", { 0, 0 } } },
	.count = 4,
};

const char *score_grade_for(const grade_bands *b, decimal total)
{
	for (size_t i = 0; i < b->count; i++)
		if (dec_cmp(total, b->band[i].min) >= 0)
			return b->band[i].name;
	return NULL;
}

void score_effects_clear(score_effects *e)
{
	for (size_t i = 0; i < e->count; i++) {
		free(e->items[i].indicator);
		free(e->items[i].rule);
		free(e->items[i].reason);
	}
	e->count = 0;
	for (size_t i = 0; i < e->covered_count; i++)
		free(e->covered[i]);
	e->covered_count = 0;
	for (size_t i = 0; i < e->note_count; i++) {
		free(e->notes[i].indicator);
		free(e->notes[i].rule);
		free(e->notes[i].reason);
	}
	e->note_count = 0;
}

void score_effects_free(score_effects *e)
{
	score_effects_clear(e);
	free(e->items);
	free(e->covered);
	free(e->notes);
	memset(e, 0, sizeof *e);
}

int score_add_effect(score_effects *e, const char *indicator, const char *rule,
                     const char *reason, decimal value, bool is_formula)
{
	ARRAY_GROW(e->items, e->count, e->capacity);
	score_effect *x = &e->items[e->count++];
	x->indicator = xstrdup(indicator);
	x->rule = xstrdup(rule);
	x->reason = xstrdup(reason);
	x->value = value;
	x->is_formula = is_formula;
	return 0;
}

int score_add_covered(score_effects *e, const char *indicator)
{
	for (size_t i = 0; i < e->covered_count; i++)
		if (!strcmp(e->covered[i], indicator))
			return 0;
	ARRAY_GROW(e->covered, e->covered_count, e->covered_capacity);
	e->covered[e->covered_count++] = xstrdup(indicator);
	return 0;
}

int score_add_unverified(score_effects *e, const char *indicator, const char *rule,
                         const char *reason)
{
	ARRAY_GROW(e->notes, e->note_count, e->note_capacity);
	score_effect *x = &e->notes[e->note_count++];
	memset(x, 0, sizeof *x);
	x->indicator = xstrdup(indicator);
	x->rule = xstrdup(rule);
	x->reason = reason ? xstrdup(reason) : NULL;
	return 0;
}

/* Checked by the rules: some rule covered it, and every rule that checks
 * it could (none said unverified(), none lacked its data).  One rule
 * checking part of an indicator must not make the whole look verified. */
static bool is_covered(const score_effects *e, const char *path)
{
	for (size_t i = 0; i < e->note_count; i++)
		if (!strcmp(e->notes[i].indicator, path))
			return false;
	for (size_t i = 0; i < e->covered_count; i++)
		if (!strcmp(e->covered[i], path))
			return true;
	for (size_t i = 0; i < e->count; i++)
		if (!strcmp(e->items[i].indicator, path))
			return true;
	return false;
}

static int compare_effects(const void *pa, const void *pb)
{
	const score_effect *a = *(const score_effect *const *)pa;
	const score_effect *b = *(const score_effect *const *)pb;
	int c = strcmp(a->rule ? a->rule : "", b->rule ? b->rule : "");
	if (c)
		return c;
	c = dec_cmp(a->value, b->value);
	if (c)
		return c;
	return strcmp(a->reason ? a->reason : "", b->reason ? b->reason : "");
}

/* The notes for s, sorted so the order rules ran in does not show. */
static void attach_notes(indicator_score *s, const score_effects *e)
{
	const score_effect **mine = xmalloc((e->note_count + 1) * sizeof *mine);
	size_t n = 0;
	for (size_t i = 0; i < e->note_count; i++)
		if (!strcmp(e->notes[i].indicator, s->path))
			mine[n++] = &e->notes[i];
	if (n > 1)
		qsort(mine, n, sizeof *mine, compare_effects);
	s->unverified = n ? xcalloc(n, sizeof *s->unverified) : NULL;
	for (size_t i = 0; i < n; i++) {
		s->unverified[i].rule = xstrdup(mine[i]->rule);
		s->unverified[i].reason = mine[i]->reason ? xstrdup(mine[i]->reason) : NULL;
		s->unverified_count++;
	}
	free(mine);
}

/* Attach the rule deductions for s, in an order that does not depend on the
 * order rules ran in; returns the formula score if a rule set one. */
static const score_effect *collect(indicator_score *s, const score_effects *e, decimal *total)
{
	const score_effect **mine = xmalloc((e->count + 1) * sizeof *mine);
	size_t n = 0;
	const score_effect *formula = NULL;
	*total = dec_from_int(0);
	for (size_t i = 0; i < e->count; i++)
		if (!strcmp(e->items[i].indicator, s->path))
			mine[n++] = &e->items[i];
	qsort(mine, n, sizeof *mine, compare_effects);
	size_t deductions = 0;
	for (size_t i = 0; i < n; i++)
		deductions += !mine[i]->is_formula;
	s->deductions = deductions ? xcalloc(deductions, sizeof *s->deductions) : NULL;
	for (size_t i = 0; i < n; i++) {
		if (mine[i]->is_formula) {
			if (!formula) {
				formula = mine[i];
				free(s->formula);
				s->formula = xstrdup(mine[i]->reason);
			}
			continue;
		}
		if (!s->deductions)
			continue;
		deduction *d = &s->deductions[s->deduction_count++];
		d->rule = xstrdup(mine[i]->rule);
		d->has_points = true;
		d->points = mine[i]->value;
		d->reason = xstrdup(mine[i]->reason);
		dec_add(*total, mine[i]->value, total);
	}
	free(mine);
	return formula;
}

static void describe_deductions(char *buf, size_t size, const deduction *d, size_t n, bool claimed)
{
	size_t used = 0;
	buf[0] = '\0';
	if (n == 0) {
		snprintf(buf, size, "%s", _("none"));
		return;
	}
	for (size_t i = 0; i < n && used < size; i++) {
		char points[DEC_BUFSIZE] = "";
		if (d[i].has_points)
			dec_format_trim(d[i].points, points);
		int w;
		const char *sep = i ? _("; ") : "";
		if (claimed && d[i].has_points)
			w = snprintf(buf + used, size - used, _("%s-%s: %s"), sep, points,
			             d[i].reason ? d[i].reason : _("(no reason given)"));
		else if (claimed)
			w = snprintf(buf + used, size - used, "%s%s", sep,
			             d[i].reason ? d[i].reason : _("(no reason given)"));
		else
			w = snprintf(buf + used, size - used, _("%s%s -%s (%s)"), sep, d[i].rule, points,
			             d[i].reason ? d[i].reason : "");
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static void report_mismatch(doc_result *r, const indicator_score *s)
{
	char computed[DEC_BUFSIZE], claimed[DEC_BUFSIZE];
	char by_rules[1024], by_report[1024];
	dec_format_trim(s->computed, computed);
	describe_deductions(by_rules, sizeof by_rules, s->deductions, s->deduction_count, false);
	describe_deductions(by_report, sizeof by_report, s->claimed_deductions,
	                    s->claimed_deduction_count, true);
	dec_format_trim(s->claimed, claimed);
	finding *f = result_addf(r, RULE_SCORE, SEV_ERROR, s->data_path, s->line, 0,
	                         _("indicator '%s' claims %s points, the rules compute %s. Deductions by the "
	                           "rules: %s%s%s. Deductions listed in the report: %s."),
	                         s->path, claimed, computed, by_rules, s->formula ? _("; scoring formula: ") : "",
	                         s->formula ? s->formula : "", by_report);
	if (f) {
		/* points: what the report failed to deduct; none when the report
		 * claims less than the rules give. */
		decimal diff;
		bool has = dec_sub(s->claimed, s->computed, &diff) && !dec_is_neg(diff);
		finding_set_indicator(f, s->path, has ? &diff : NULL);
	}
}

/* An indicator the rules could not fully verify may still be claimed above
 * what the deductions they did make allow: that much is certain. */
static void check_over_claim(doc_result *r, const indicator_score *s, decimal deducted)
{
	decimal ceiling;
	if (!s->has_claimed || !s->has_max || !dec_sub(s->max, deducted, &ceiling) ||
	    dec_cmp(s->claimed, ceiling) <= 0)
		return;
	char claimed[DEC_BUFSIZE], max[DEC_BUFSIZE], points[DEC_BUFSIZE], by_rules[1024];
	dec_format_trim(s->claimed, claimed);
	dec_format_trim(s->max, max);
	dec_format_trim(dec_normalize(deducted), points);
	describe_deductions(by_rules, sizeof by_rules, s->deductions, s->deduction_count, false);
	finding *f = result_addf(r, RULE_SCORE, SEV_ERROR, s->data_path, s->line, 0,
	                         _("indicator '%s' claims %s points, more than its full marks %s less the %s points the rules deduct (%s), although the rules could not check all of it"),
	                         s->path, claimed, max, points, by_rules);
	if (f) {
		decimal diff;
		if (dec_sub(s->claimed, ceiling, &diff))
			finding_set_indicator(f, s->path, &diff);
	}
}

/* What an indicator scores before deductions: a leaf its formula score or
 * its full marks; a parent the sum of its children's computed scores (a
 * formula score, when a rule set one, replaces it).  *any_child_verified
 * says whether a child was checked.  False when there is nothing to start
 * from. */
static bool indicator_base(const doc_result *r, size_t i, const bool *verified,
                           const score_effect *formula, decimal *base, bool *any_child_verified)
{
	const indicator_score *s = &r->indicators[i];
	size_t n = r->indicator_count;
	*base = dec_from_int(0);
	*any_child_verified = false;
	bool leaf = i + 1 >= n || r->indicators[i + 1].depth <= s->depth;
	if (formula) {
		*base = formula->value;
		if (leaf)
			return true;
	} else if (leaf) {
		*base = s->max;
		return s->has_max;
	}
	decimal sum = dec_from_int(0);
	bool children_ok = true;
	for (size_t j = i + 1; j < n && r->indicators[j].depth > s->depth; j++) {
		if (r->indicators[j].depth != s->depth + 1)
			continue;
		*any_child_verified = *any_child_verified || verified[j];
		if (!r->indicators[j].has_computed || !dec_add(sum, r->indicators[j].computed, &sum))
			children_ok = false;
	}
	if (formula)
		return true;
	*base = sum;
	return children_ok;
}

/* base less the deductions, never below 0, without trailing zeros. */
static decimal less_deductions(decimal base, decimal deducted)
{
	decimal v;
	if (!dec_sub(base, deducted, &v))
		v = base;
	if (dec_is_neg(v))
		v = dec_from_int(0);
	return dec_normalize(v);
}

/* The total of the first-level indicators, the grade it earns, and one
 * word when the table prints no total. */
static void score_total(doc_result *r, const grade_bands *bands)
{
	r->total_max = dec_from_int(0);
	decimal total = dec_from_int(0);
	bool complete = r->indicator_count > 0;
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *s = &r->indicators[i];
		if (s->depth != 0)
			continue;
		if (s->has_max)
			dec_add(r->total_max, s->max, &r->total_max);
		if (!s->has_computed || !dec_add(total, s->computed, &total))
			complete = false;
	}
	r->total_max = dec_normalize(r->total_max);
	r->has_total_computed = complete;
	if (complete) {
		r->total_computed = dec_normalize(total);
		free(r->grade_computed);
		r->grade_computed = xstrdup(score_grade_for(bands, total));
	}
	if (r->has_scores && !r->has_total_claimed && !r->total_blank) {
		char computed[DEC_BUFSIZE];
		if (complete)
			dec_format_trim(r->total_computed, computed);
		result_addf(r, RULE_SCORE, SEV_INFO, "scores", r->scores_line, 0,
		            complete ? _("the score table prints no total score (scores.total); the scores add up to %s")
		                     : _("the score table prints no total score (scores.total)%s"),
		            complete ? computed : "");
	}
}

/* The full marks of a leaf the table prints none for: the 分值 of the
 * targets scored under it (the 自评表 prints 分值 only beside each 三级指标);
 * false when none is scored there or one lacks its 分值. */
static bool max_from_targets(const doc_result *r, const char *path, decimal *sum)
{
	bool any = false;
	*sum = dec_from_int(0);
	for (size_t t = 0; t < r->target_count; t++) {
		const target_summary *x = &r->targets[t];
		if (!x->indicator || strcmp(x->indicator, path))
			continue;
		if (!x->has_points || !dec_add(*sum, x->points, sum))
			return false;
		any = true;
	}
	return any;
}

/* Full marks the table leaves out, made from what it does print: a leaf's
 * from its targets' 分值, a parent's from its children's when every child
 * has them.  Never replaces a printed one. */
static void derive_max(doc_result *r)
{
	size_t n = r->indicator_count;
	for (size_t i = n; i-- > 0;) {
		indicator_score *s = &r->indicators[i];
		if (s->has_max)
			continue;
		bool leaf = i + 1 >= n || r->indicators[i + 1].depth <= s->depth;
		decimal sum = dec_from_int(0);
		bool ok = !leaf;
		if (leaf)
			ok = max_from_targets(r, s->path, &sum);
		for (size_t j = i + 1; !leaf && j < n && r->indicators[j].depth > s->depth; j++)
			if (r->indicators[j].depth == s->depth + 1)
				ok = ok && r->indicators[j].has_max && dec_add(sum, r->indicators[j].max, &sum);
		if (ok) {
			s->max = dec_normalize(sum);
			s->has_max = true;
		}
	}
}

void score_compute(doc_result *r, const score_effects *e, const grade_bands *bands)
{
	size_t n = r->indicator_count;
	derive_max(r);
	bool *verified = xcalloc(n ? n : 1, sizeof *verified);
	/* Children follow their parent in pre-order, so walking backwards
	 * settles every child before its parent. */
	for (size_t i = n; i-- > 0;) {
		indicator_score *s = &r->indicators[i];
		decimal deducted, base;
		const score_effect *formula = collect(s, e, &deducted);
		attach_notes(s, e);
		bool child_verified;
		bool has_base = indicator_base(r, i, verified, formula, &base, &child_verified);
		verified[i] = (is_covered(e, s->path) || child_verified) && has_base;
		if (s->blank) {
			/* A cell printed empty is neither a score nor 0: it is
			 * reported once (pev.blank) and compared with nothing. */
			s->status = IND_BLANK;
			s->has_computed = verified[i];
			if (verified[i])
				s->computed = less_deductions(base, deducted);
		} else if (verified[i]) {
			s->computed = less_deductions(base, deducted);
			s->has_computed = true;
			/* An indicator the table prints no score for (a parent, or
			 * a 二级 indicator scored by its 三级 targets) has its
			 * score computed; only printed numbers can disagree. */
			s->status = !s->has_claimed || dec_cmp(s->computed, s->claimed) == 0 ? IND_OK
			                                                                       : IND_MISMATCH;
			if (s->status == IND_MISMATCH)
				report_mismatch(r, s);
		} else {
			s->status = IND_UNVERIFIED;
			s->has_computed = s->has_claimed;
			s->computed = s->claimed;
			bool leaf = i + 1 >= n || r->indicators[i + 1].depth <= s->depth;
			if (!s->has_claimed && !leaf && has_base) {
				/* not printed: what its children carry */
				s->has_computed = true;
				s->computed = dec_normalize(base);
			}
			if (s->deduction_count)
				check_over_claim(r, s, deducted);
		}
	}
	score_total(r, bands);
	free(verified);
}

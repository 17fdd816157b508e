/*
 * run_cache_codec — see run_cache_codec.h.
 *
 * The order of the fields below is the order of the structures in
 * run_result.h.  A field added there must be written and read here, or a
 * result from the cache would print without it: the size checks below
 * fail the build until it is.  (doc_result.reads is not written: the
 * cache keeps what a check read as its entry's dependencies, run_cache.c.)
 */
#include "run_cache_codec.h"

#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "score_framework.h"

#if defined(__LP64__) && (defined(__x86_64__) || defined(__aarch64__))
/* When one of these fails, a field was added to (or removed from) the
 * result: encode it in put_* and decode it in get_* below, then update
 * the size here. */
_Static_assert(sizeof(doc_result) == 464, "doc_result changed: update run_cache_codec.c");
_Static_assert(sizeof(finding) == 144, "finding changed: update run_cache_codec.c");
_Static_assert(sizeof(deduction) == 48, "deduction changed: update run_cache_codec.c");
_Static_assert(sizeof(indicator_score) == 152, "indicator_score changed: update run_cache_codec.c");
_Static_assert(sizeof(budget_summary) == 208, "budget_summary changed: update run_cache_codec.c");
_Static_assert(sizeof(target_summary) == 128, "target_summary changed: update run_cache_codec.c");
#endif

/* ---- writing ---------------------------------------------------------------- */

void codec_put(codec_writer *w, const void *data, size_t length)
{
	if (w->length + length > w->capacity) {
		size_t capacity = w->capacity ? w->capacity : 4096;
		while (capacity < w->length + length)
			capacity *= 2;
		w->data = xrealloc(w->data, capacity);
		w->capacity = capacity;
	}
	if (length)
		memcpy(w->data + w->length, data, length);
	w->length += length;
}

void codec_put_u8(codec_writer *w, unsigned v)
{
	unsigned char b = (unsigned char)v;
	codec_put(w, &b, 1);
}

void codec_put_u32(codec_writer *w, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
		               (unsigned char)(v >> 24) };
	codec_put(w, b, sizeof b);
}

void codec_put_i64(codec_writer *w, int64_t v)
{
	uint64_t u = (uint64_t)v;
	codec_put_u32(w, (uint32_t)u);
	codec_put_u32(w, (uint32_t)(u >> 32));
}

#define NULL_STRING 0xffffffffu

void codec_put_string(codec_writer *w, const char *s)
{
	if (!s) {
		codec_put_u32(w, NULL_STRING);
		return;
	}
	size_t n = strlen(s);
	codec_put_u32(w, (uint32_t)n);
	codec_put(w, s, n);
}

void codec_writer_free(codec_writer *w)
{
	free(w->data);
	memset(w, 0, sizeof *w);
}

static void put_decimal(codec_writer *w, decimal d)
{
	codec_put_i64(w, d.mant);
	codec_put_u32(w, (uint32_t)d.scale);
}

static void put_finding(codec_writer *w, const finding *f)
{
	codec_put_string(w, f->rule);
	codec_put_u8(w, f->severity);
	codec_put_string(w, f->message);
	codec_put_string(w, f->path);
	codec_put_u32(w, (uint32_t)f->line);
	codec_put_u32(w, (uint32_t)f->column);
	codec_put_string(w, f->indicator);
	codec_put_u8(w, f->has_points);
	put_decimal(w, f->points);
	codec_put_string(w, f->source);
	codec_put_string(w, f->cell);
	codec_put_u32(w, f->table);
	codec_put_u32(w, f->row);
	codec_put_u32(w, f->col);
	codec_put_u32(w, f->paragraph);
	codec_put_string(w, f->where);
	codec_put_u8(w, f->waived);
	codec_put_string(w, f->waiver_reason);
	codec_put_string(w, f->waiver_approved_by);
	codec_put_string(w, f->waiver_expires);
}

static void put_deductions(codec_writer *w, const deduction *d, size_t n)
{
	codec_put_u32(w, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		codec_put_string(w, d[i].rule);
		codec_put_u8(w, d[i].has_points);
		put_decimal(w, d[i].points);
		codec_put_string(w, d[i].reason);
		codec_put_string(w, d[i].fix);
	}
}

static void put_indicator(codec_writer *w, const indicator_score *s)
{
	codec_put_string(w, s->path);
	codec_put_string(w, s->name);
	codec_put_u32(w, (uint32_t)s->depth);
	codec_put_u8(w, s->has_max);
	codec_put_u8(w, s->has_claimed);
	codec_put_u8(w, s->has_computed);
	codec_put_u8(w, s->blank);
	put_decimal(w, s->max);
	put_decimal(w, s->claimed);
	put_decimal(w, s->computed);
	codec_put_u8(w, s->status);
	codec_put_string(w, s->formula);
	put_deductions(w, s->deductions, s->deduction_count);
	put_deductions(w, s->claimed_deductions, s->claimed_deduction_count);
	put_deductions(w, s->unverified, s->unverified_count);
	codec_put_string(w, s->data_path);
	codec_put_u32(w, (uint32_t)s->line);
}

static void put_budget(codec_writer *w, const budget_summary *b)
{
	codec_put_u8(w, b->present);
	codec_put_string(w, b->currency);
	for (int f = 0; f < BUDGET_FIELDS; f++) {
		codec_put_u8(w, b->has[f]);
		codec_put_u8(w, b->blank[f]);
		put_decimal(w, b->value[f]);
	}
	codec_put_u8(w, b->has_rate_computed);
	put_decimal(w, b->rate_computed);
	codec_put_u8(w, b->rate_base);
	codec_put_u8(w, b->rate_base_missing);
	codec_put_u32(w, (uint32_t)b->line);
}

static void put_target(codec_writer *w, const target_summary *t)
{
	codec_put_string(w, t->name);
	codec_put_string(w, t->indicator);
	codec_put_string(w, t->unit);
	codec_put_string(w, t->target);
	codec_put_string(w, t->actual);
	codec_put_u8(w, t->actual_blank);
	codec_put_string(w, t->status);
	codec_put_string(w, t->reason);
	codec_put_u32(w, (uint32_t)t->met);
	codec_put_u8(w, t->has_points);
	codec_put_u8(w, t->has_score);
	put_decimal(w, t->points);
	put_decimal(w, t->score);
	codec_put_u32(w, (uint32_t)t->line);
	codec_put_i64(w, t->position);
	codec_put_i64(w, t->indicator_slot);
}

/* What the report is and how it was scored, before its lists. */
static void put_heading(codec_writer *w, const doc_result *r)
{
	codec_put_string(w, r->file);
	codec_put_u32(w, (uint32_t)r->document);
	codec_put_string(w, r->kind);
	codec_put_string(w, r->unit);
	codec_put_string(w, r->project);
	codec_put_string(w, r->department);
	codec_put_string(w, r->framework);
	codec_put_string(w, r->framework_chosen_by);
	codec_put_string(w, r->framework_why);
	codec_put_u8(w, r->has_year);
	codec_put_i64(w, r->year);
	codec_put_u8(w, r->from_form);
}

void codec_put_result(codec_writer *w, const doc_result *r)
{
	put_heading(w, r);
	codec_put_u32(w, (uint32_t)r->finding_count);
	for (size_t i = 0; i < r->finding_count; i++)
		put_finding(w, &r->findings[i]);
	codec_put_i64(w, (int64_t)r->blank_count);
	codec_put_u8(w, r->has_scores);
	codec_put_u8(w, r->total_blank);
	codec_put_u32(w, (uint32_t)r->scores_line);
	codec_put_u8(w, r->has_total_claimed);
	codec_put_u8(w, r->has_total_computed);
	put_decimal(w, r->total_max);
	put_decimal(w, r->total_claimed);
	put_decimal(w, r->total_computed);
	codec_put_string(w, r->grade_claimed);
	codec_put_string(w, r->grade_computed);
	codec_put_u32(w, (uint32_t)r->indicator_count);
	for (size_t i = 0; i < r->indicator_count; i++)
		put_indicator(w, &r->indicators[i]);
	put_budget(w, &r->budget);
	codec_put_u32(w, (uint32_t)r->target_count);
	for (size_t i = 0; i < r->target_count; i++)
		put_target(w, &r->targets[i]);
}

/* ---- reading ---------------------------------------------------------------- */

static bool fail(codec_reader *r)
{
	r->failed = true;
	return false;
}

bool codec_get(codec_reader *r, void *out, size_t length)
{
	if (r->failed || length > r->length - r->at) {
		memset(out, 0, length);
		return fail(r);
	}
	memcpy(out, r->data + r->at, length);
	r->at += length;
	return true;
}

unsigned codec_get_u8(codec_reader *r)
{
	unsigned char b = 0;
	codec_get(r, &b, 1);
	return b;
}

uint32_t codec_get_u32(codec_reader *r)
{
	unsigned char b[4];
	codec_get(r, b, sizeof b);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int64_t codec_get_i64(codec_reader *r)
{
	uint64_t low = codec_get_u32(r);
	uint64_t high = codec_get_u32(r);
	return (int64_t)(low | high << 32);
}

char *codec_get_string(codec_reader *r)
{
	uint32_t n = codec_get_u32(r);
	if (r->failed || n == NULL_STRING)
		return NULL;
	/* a C string holds no NUL */
	if (n > r->length - r->at || memchr(r->data + r->at, 0, n)) {
		fail(r);
		return NULL;
	}
	char *s = xmalloc((size_t)n + 1);
	codec_get(r, s, n);
	s[n] = '\0';
	return s;
}

size_t codec_get_count(codec_reader *r, size_t min_size)
{
	uint32_t n = codec_get_u32(r);
	if (r->failed || (size_t)n > (r->length - r->at) / min_size) {
		fail(r);
		return 0;
	}
	return n;
}

static bool get_bool(codec_reader *r)
{
	unsigned v = codec_get_u8(r);
	if (v > 1)
		fail(r);
	return v == 1;
}

/* An enumeration's value, at most `last`. */
static unsigned get_enum(codec_reader *r, unsigned last)
{
	unsigned v = codec_get_u8(r);
	if (v > last)
		fail(r);
	return v > last ? 0 : v;
}

static int get_int(codec_reader *r)
{
	return (int)(int32_t)codec_get_u32(r);
}

static decimal get_decimal(codec_reader *r)
{
	decimal d;
	d.mant = codec_get_i64(r);
	d.scale = (int32_t)codec_get_u32(r);
	if (d.scale < 0 || d.scale > DEC_MAX_SCALE) {
		fail(r);
		d.scale = 0;
	}
	return d;
}

/* The smallest encoding of each item, for codec_get_count. */
#define MIN_FINDING 64
#define MIN_DEDUCTION 22
#define MIN_INDICATOR 64
#define MIN_TARGET 48

static void get_finding(codec_reader *r, finding *f)
{
	f->rule = codec_get_string(r);
	f->severity = (enum severity)get_enum(r, SEV_NONE);
	f->message = codec_get_string(r);
	f->path = codec_get_string(r);
	f->line = get_int(r);
	f->column = get_int(r);
	f->indicator = codec_get_string(r);
	f->has_points = get_bool(r);
	f->points = get_decimal(r);
	f->source = codec_get_string(r);
	f->cell = codec_get_string(r);
	f->table = codec_get_u32(r);
	f->row = codec_get_u32(r);
	f->col = codec_get_u32(r);
	f->paragraph = codec_get_u32(r);
	f->where = codec_get_string(r);
	f->waived = get_bool(r);
	f->waiver_reason = codec_get_string(r);
	f->waiver_approved_by = codec_get_string(r);
	f->waiver_expires = codec_get_string(r);
	/* every finding has a rule and a message (result_add) */
	if (!f->rule || !f->message)
		fail(r);
}

static deduction *get_deductions(codec_reader *r, size_t *count)
{
	*count = codec_get_count(r, MIN_DEDUCTION);
	deduction *d = *count ? xcalloc(*count, sizeof *d) : NULL;
	for (size_t i = 0; i < *count; i++) {
		d[i].rule = codec_get_string(r);
		d[i].has_points = get_bool(r);
		d[i].points = get_decimal(r);
		d[i].reason = codec_get_string(r);
		d[i].fix = codec_get_string(r);
	}
	return d;
}

static void get_indicator(codec_reader *r, indicator_score *s)
{
	s->path = codec_get_string(r);
	s->name = codec_get_string(r);
	s->depth = get_int(r);
	s->has_max = get_bool(r);
	s->has_claimed = get_bool(r);
	s->has_computed = get_bool(r);
	s->blank = get_bool(r);
	s->max = get_decimal(r);
	s->claimed = get_decimal(r);
	s->computed = get_decimal(r);
	s->status = (enum indicator_status)get_enum(r, IND_BLANK);
	s->formula = codec_get_string(r);
	s->deductions = get_deductions(r, &s->deduction_count);
	s->claimed_deductions = get_deductions(r, &s->claimed_deduction_count);
	s->unverified = get_deductions(r, &s->unverified_count);
	s->data_path = codec_get_string(r);
	s->line = get_int(r);
}

static void get_budget(codec_reader *r, budget_summary *b)
{
	b->present = get_bool(r);
	char *currency = codec_get_string(r);
	if (currency && strlen(currency) < sizeof b->currency)
		memcpy(b->currency, currency, strlen(currency) + 1);
	else
		fail(r);
	free(currency);
	for (int f = 0; f < BUDGET_FIELDS; f++) {
		b->has[f] = get_bool(r);
		b->blank[f] = get_bool(r);
		b->value[f] = get_decimal(r);
	}
	b->has_rate_computed = get_bool(r);
	b->rate_computed = get_decimal(r);
	b->rate_base = (enum rate_base)get_enum(r, RATE_BASE_RECEIVED);
	b->rate_base_missing = get_bool(r);
	b->line = get_int(r);
}

static void get_target(codec_reader *r, target_summary *t)
{
	t->name = codec_get_string(r);
	t->indicator = codec_get_string(r);
	t->unit = codec_get_string(r);
	t->target = codec_get_string(r);
	t->actual = codec_get_string(r);
	t->actual_blank = get_bool(r);
	t->status = codec_get_string(r);
	t->reason = codec_get_string(r);
	t->met = get_int(r);
	t->has_points = get_bool(r);
	t->has_score = get_bool(r);
	t->points = get_decimal(r);
	t->score = get_decimal(r);
	t->line = get_int(r);
	t->position = (long)codec_get_i64(r);
	t->indicator_slot = (long)codec_get_i64(r);
}

/* framework_chosen_by points at one of score_framework's names: the one
 * read back must too. */
static const char *chosen_by_name(codec_reader *r)
{
	char *name = codec_get_string(r);
	const char *known = NULL;
	for (int by = FW_BY_NONE; name && by <= FW_BY_DEFAULT && !known; by++) {
		const char *n = framework_chosen_by_name((enum fw_chosen_by)by);
		if (n && !strcmp(n, name))
			known = n;
	}
	if (name && !known)
		fail(r);
	free(name);
	return known;
}

/* The heading of a result, or NULL. */
static doc_result *get_heading(codec_reader *r)
{
	char *file = codec_get_string(r);
	int document = get_int(r);
	if (!file) {
		fail(r);
		return NULL;
	}
	doc_result *d = result_new(file, document);
	free(file);
	d->kind = codec_get_string(r);
	d->unit = codec_get_string(r);
	d->project = codec_get_string(r);
	d->department = codec_get_string(r);
	d->framework = codec_get_string(r);
	d->framework_chosen_by = chosen_by_name(r);
	d->framework_why = codec_get_string(r);
	d->has_year = get_bool(r);
	d->year = (long)codec_get_i64(r);
	d->from_form = get_bool(r);
	return d;
}

static void get_scores(codec_reader *r, doc_result *d)
{
	d->has_scores = get_bool(r);
	d->total_blank = get_bool(r);
	d->scores_line = get_int(r);
	d->has_total_claimed = get_bool(r);
	d->has_total_computed = get_bool(r);
	d->total_max = get_decimal(r);
	d->total_claimed = get_decimal(r);
	d->total_computed = get_decimal(r);
	d->grade_claimed = codec_get_string(r);
	d->grade_computed = codec_get_string(r);
	d->indicator_count = codec_get_count(r, MIN_INDICATOR);
	d->indicators = d->indicator_count ? xcalloc(d->indicator_count, sizeof *d->indicators) : NULL;
	for (size_t i = 0; i < d->indicator_count; i++)
		get_indicator(r, &d->indicators[i]);
}

doc_result *codec_get_result(codec_reader *r)
{
	doc_result *d = get_heading(r);
	if (!d)
		return NULL;
	d->finding_count = d->finding_capacity = codec_get_count(r, MIN_FINDING);
	d->findings = d->finding_count ? xcalloc(d->finding_count, sizeof *d->findings) : NULL;
	for (size_t i = 0; i < d->finding_count; i++)
		get_finding(r, &d->findings[i]);
	d->blank_count = (size_t)codec_get_i64(r);
	get_scores(r, d);
	get_budget(r, &d->budget);
	d->target_count = codec_get_count(r, MIN_TARGET);
	d->targets = d->target_count ? xcalloc(d->target_count, sizeof *d->targets) : NULL;
	for (size_t i = 0; i < d->target_count; i++)
		get_target(r, &d->targets[i]);
	if (r->failed) {
		result_free(d);
		return NULL;
	}
	return d;
}

/*
 * run_result — see run_result.h.
 */
#include "run_result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_i18n.h"

const char *const budget_field_keys[BUDGET_FIELDS] = {
	"initial", "planned", "executed", "execution_rate", "carryover", "returned", "opening_balance", "received",
};

static const char *const severity_names[] = { "info", "warning", "error", "never" };
/* Shown to people: the severity names, or their translations. */
static const char *const severity_labels[] = { N_("info"), N_("warning"), N_("error"), N_("none") };

const char *severity_name(enum severity s)
{
	return severity_names[s];
}

const char *severity_label(enum severity s)
{
	return _(severity_labels[s]);
}

int severity_parse(const char *s)
{
	for (int i = 0; i <= SEV_NONE; i++)
		if (strcmp(s, severity_names[i]) == 0)
			return i;
	return -1;
}

const char *indicator_status_name(enum indicator_status s)
{
	static const char *const names[] = { "ok", "mismatch", "unverified", "blank" };
	return names[s];
}

doc_result *result_new(const char *file, int document)
{
	doc_result *r = xcalloc(1, sizeof *r);
	r->file = xstrdup(file);
	r->document = document;
	return r;
}

static void free_deductions(deduction *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].rule);
		free(d[i].reason);
		free(d[i].fix);
	}
	free(d);
}

void result_free(doc_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->finding_count; i++) {
		finding *f = &r->findings[i];
		free(f->rule);
		free(f->message);
		free(f->path);
		free(f->indicator);
		free(f->source);
		free(f->cell);
		free(f->where);
		free(f->waiver_reason);
		free(f->waiver_approved_by);
		free(f->waiver_expires);
	}
	free(r->findings);
	for (size_t i = 0; i < r->indicator_count; i++) {
		indicator_score *s = &r->indicators[i];
		free(s->path);
		free(s->name);
		free(s->formula);
		free(s->data_path);
		free_deductions(s->deductions, s->deduction_count);
		free_deductions(s->claimed_deductions, s->claimed_deduction_count);
		free_deductions(s->unverified, s->unverified_count);
	}
	free(r->indicators);
	for (size_t i = 0; i < r->target_count; i++) {
		target_summary *t = &r->targets[i];
		free(t->name);
		free(t->indicator);
		free(t->unit);
		free(t->target);
		free(t->actual);
		free(t->status);
		free(t->reason);
	}
	free(r->targets);
	for (size_t i = 0; i < r->read_count; i++) {
		free(r->reads[i].path);
		free(r->reads[i].unit);
	}
	free(r->reads);
	free(r->file);
	free(r->kind);
	free(r->unit);
	free(r->project);
	free(r->framework);
	free(r->department);
	free(r->framework_why);
	free(r->grade_claimed);
	free(r->grade_computed);
	free(r);
}

finding *result_add(doc_result *r, const char *rule, enum severity severity,
                    const char *message, const char *path, int line, int column)
{
	ARRAY_GROW(r->findings, r->finding_count, r->finding_capacity);
	finding *f = &r->findings[r->finding_count++];
	memset(f, 0, sizeof *f);
	f->rule = xstrdup(rule);
	f->severity = severity;
	f->message = xstrdup(message);
	f->path = path && *path ? xstrdup(path) : NULL;
	f->line = line;
	f->column = column;
	return f;
}

finding *result_addf(doc_result *r, const char *rule, enum severity severity,
                     const char *path, int line, int column, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return result_add(r, rule, severity, buf, path, line, column);
}

void finding_set_indicator(finding *f, const char *indicator, const decimal *points)
{
	free(f->indicator);
	f->indicator = xstrdup(indicator);
	f->has_points = points != NULL;
	if (points)
		f->points = *points;
}

input_read *result_add_read(doc_result *r, const char *path, const char *unit, long year)
{
	r->reads = xrealloc(r->reads, (r->read_count + 1) * sizeof *r->reads);
	input_read *read = &r->reads[r->read_count++];
	memset(read, 0, sizeof *read);
	read->path = xstrdup(path);
	read->unit = xstrdup(unit);
	read->year = year;
	return read;
}

static int compare_strings(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int compare_findings(const void *pa, const void *pb)
{
	const finding *a = pa, *b = pb;
	/* Findings without a line (about the whole report) come first. */
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	int c = compare_strings(a->rule, b->rule);
	if (c)
		return c;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	c = compare_strings(a->path, b->path);
	return c ? c : compare_strings(a->message, b->message);
}

void result_sort(doc_result *r)
{
	if (r->finding_count > 1)
		qsort(r->findings, r->finding_count, sizeof *r->findings, compare_findings);
}

size_t result_count(const doc_result *r, enum severity s)
{
	size_t n = 0;
	for (size_t i = 0; i < r->finding_count; i++)
		n += r->findings[i].severity == s && !r->findings[i].waived;
	return n;
}

size_t result_count_waived(const doc_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->finding_count; i++)
		n += r->findings[i].waived;
	return n;
}

int result_max_severity(const doc_result *r)
{
	int m = -1;
	for (size_t i = 0; i < r->finding_count; i++)
		if (!r->findings[i].waived && (int)r->findings[i].severity > m)
			m = (int)r->findings[i].severity;
	return m;
}

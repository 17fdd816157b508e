/*
 * fmt_shared — see fmt_shared.h.
 */
#include "fmt_shared.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"

#define SOURCE_MAX_BYTES (64u << 20) /* larger data files are not quoted */
#define QUOTE_MAX_CHARS 240          /* a longer line is shown around its column */

/* ---- text --------------------------------------------------------------- */

size_t fmt_utf8_next(const char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
	if (n <= 0)
		return 0;
	*cp = c;
	return (size_t)n;
}

bool fmt_forbidden(int32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

size_t fmt_char_offset(const char *text, size_t length, size_t chars)
{
	size_t i = 0;
	for (size_t seen = 0; i < length && seen < chars; seen++) {
		int32_t cp;
		size_t n = fmt_utf8_next(text + i, length - i, &cp);
		i += n ? n : 1;
	}
	return i;
}

void fmt_write_text(FILE *out, const char *s, size_t len, fmt_escape escape, void *context)
{
	const char *p = s, *end = s + len;
	while (p < end) {
		int32_t cp;
		size_t n = fmt_utf8_next(p, (size_t)(end - p), &cp);
		if (n == 0) {
			fputs(FMT_REPLACEMENT, out);
			p++;
			continue;
		}
		const char *instead = escape(cp, p + n, end, context);
		if (instead)
			fputs(instead, out);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
}

static void budget_field_row(const budget_summary *b, enum budget_field f, const char *label, bool always,
                             fmt_budget_row *rows, size_t *n)
{
	if (!always && !b->has[f] && !b->blank[f])
		return;
	rows[*n] = (fmt_budget_row){ .label = label, .field = budget_field_keys[f], .value = b->value[f],
		                     .percent = f == BUDGET_RATE,
		                     .cell = b->has[f] ? FMT_CELL_VALUE : b->blank[f] ? FMT_CELL_BLANK : FMT_CELL_NONE };
	(*n)++;
}

static void budget_rate_row(const budget_summary *b, fmt_budget_row *row)
{
	static const char *const labels[] = {
		N_("budget execution rate (computed: expenditure ÷ budget)"),
		N_("budget execution rate (computed: expenditure ÷ (budget + opening balance))"),
		N_("budget execution rate (computed: expenditure ÷ funds received)"),
	};
	*row = (fmt_budget_row){ .label = labels[b->rate_base], .value = b->rate_computed, .percent = true,
		                 .cell = b->has_rate_computed ? FMT_CELL_VALUE : FMT_CELL_NONE };
	if (b->rate_base_missing)
		row->note = N_("the scoring framework counts the opening balance (年初结转结余) in the rate, and the report does not give it");
}

size_t fmt_budget_rows(const budget_summary *b, fmt_budget_row *rows)
{
	size_t n = 0;
	budget_field_row(b, BUDGET_INITIAL, N_("budget at the start of the year"), false, rows, &n);
	budget_field_row(b, BUDGET_OPENING_BALANCE, N_("carryover and balance at the start of the year"), false, rows, &n);
	budget_field_row(b, BUDGET_PLANNED, N_("full-year budget"), true, rows, &n);
	budget_field_row(b, BUDGET_RECEIVED, N_("funds received"), false, rows, &n);
	budget_field_row(b, BUDGET_EXECUTED, N_("full-year expenditure"), true, rows, &n);
	budget_field_row(b, BUDGET_RATE, N_("budget execution rate (as reported)"), false, rows, &n);
	budget_rate_row(b, &rows[n++]);
	budget_field_row(b, BUDGET_CARRYOVER, N_("carryover and balance at year end"), false, rows, &n);
	budget_field_row(b, BUDGET_RETURNED, N_("returned to the treasury"), false, rows, &n);
	return n;
}

void fmt_amount(FILE *out, decimal d)
{
	char buf[DEC_BUFSIZE];
	dec_format(d, buf);
	const char *digits = buf[0] == '-' ? buf + 1 : buf;
	size_t int_len = strcspn(digits, ".");
	if (digits != buf)
		fputc('-', out);
	for (size_t i = 0; i < int_len; i++) {
		if (i > 0 && (int_len - i) % 3 == 0)
			fputc(',', out);
		fputc(digits[i], out);
	}
	fputs(digits + int_len, out);
}

const char *fmt_kind_label(const char *kind)
{
	if (kind && !strcmp(kind, "department"))
		return _("department-wide expenditure");
	if (kind && !strcmp(kind, "project"))
		return _("project expenditure");
	return NULL;
}

const finding *fmt_finding_at(const doc_result *r, const char *path)
{
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].path && !strcmp(r->findings[i].path, path))
			return &r->findings[i];
	return NULL;
}

size_t fmt_unverified_count(const doc_result *r)
{
	size_t unverified = 0;
	for (size_t i = 0; i < r->indicator_count; i++)
		unverified += r->indicators[i].status == IND_UNVERIFIED;
	return unverified;
}

void fmt_line_column(FILE *out, const finding *f)
{
	if (f->line > 0 && f->column > 0)
		fprintf(out, _(" · line %d, column %d"), f->line, f->column);
	else if (f->line > 0)
		fprintf(out, _(" · line %d"), f->line);
}

size_t fmt_finding_groups(const doc_result *r, fmt_group *groups)
{
	static const enum severity order[] = { SEV_ERROR, SEV_WARNING, SEV_INFO };
	size_t n = 0;
	for (size_t o = 0; o < 3; o++)
		if (result_count(r, order[o]))
			groups[n++] = (fmt_group){ order[o], false, result_count(r, order[o]) };
	if (result_count_waived(r))
		groups[n++] = (fmt_group){ SEV_NONE, true, result_count_waived(r) };
	return n;
}

bool fmt_in_group(const finding *f, const fmt_group *g)
{
	return g->waived ? f->waived : !f->waived && f->severity == g->severity;
}

/* ---- the data file -------------------------------------------------------- */

void fmt_source_clear(fmt_source *s)
{
	free(s->name);
	free(s->text);
	free(s->lines);
	memset(s, 0, sizeof *s);
}

/* Length of the YAML line break at p (\r\n, \r, \n, NEL, LS, PS: libyaml
 * counts every one as a line), or 0. */
static size_t line_break(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t left = (size_t)(end - p);
	if (u[0] == '\r')
		return left > 1 && u[1] == '\n' ? 2 : 1;
	if (u[0] == '\n')
		return 1;
	if (left > 1 && u[0] == 0xC2 && u[1] == 0x85)
		return 2;
	if (left > 2 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
		return 3;
	return 0;
}

void fmt_source_load(fmt_source *s, const char *name)
{
	if (s->name && name && !strcmp(s->name, name))
		return;
	fmt_source_clear(s);
	s->name = xstrdup(name);
	if (!name)
		return;
	size_t got;
	char *text = fs_read_file(name, 0, SOURCE_MAX_BYTES, &got, NULL);
	if (!text)
		return;
	size_t capacity = 64, count = 0;
	fmt_source_line *lines = xmalloc(capacity * sizeof *lines);
	const char *p = text, *end = text + got, *start = text;
	if (got >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		p = start = text + 3; /* a byte order mark is not part of line 1 */
	for (;;) {
		size_t brk = p < end ? line_break(p, end) : 0;
		if (p < end && !brk) {
			p++;
			continue;
		}
		ARRAY_GROW(lines, count, capacity);
		lines[count++] = (fmt_source_line){ (size_t)(start - text), (size_t)(p - start) };
		if (p >= end)
			break;
		p += brk;
		start = p;
	}
	s->text = text;
	s->lines = lines;
	s->line_count = count;
}

bool fmt_source_window(const fmt_source *s, int line, int column, fmt_window *w)
{
	if (!s->text || line < 1 || (size_t)line > s->line_count)
		return false;
	const char *text = s->text + s->lines[line - 1].start;
	size_t length = s->lines[line - 1].length;
	*w = (fmt_window){ text, length, 0, length };
	if (length <= QUOTE_MAX_CHARS * 4)
		return true;
	size_t col = column > 0 ? (size_t)column - 1 : 0;
	w->from = fmt_char_offset(text, length, col > QUOTE_MAX_CHARS / 3 ? col - QUOTE_MAX_CHARS / 3 : 0);
	w->to = w->from + fmt_char_offset(text + w->from, length - w->from, QUOTE_MAX_CHARS);
	return true;
}

/* ---- the page -------------------------------------------------------------- */

fmt_page *fmt_page_new(void)
{
	fmt_page *page = xcalloc(1, sizeof *page);
	page->body = xopen_memstream(&page->body_data, &page->body_size);
	return page;
}

size_t fmt_page_add(fmt_page *page, const doc_result *r)
{
	ARRAY_GROW(page->docs, page->doc_count, page->doc_capacity);
	page->docs[page->doc_count] = (fmt_doc){
		.number = page->doc_count + 1,
		.file = xstrdup(r->file),
		.kind = xstrdup(r->kind),
		.unit = xstrdup(r->unit),
		.project = xstrdup(r->project),
		.grade_computed = xstrdup(r->grade_computed),
		.document = r->document,
		.has_year = r->has_year,
		.year = r->year,
		.has_total_computed = r->has_total_computed,
		.has_total_claimed = r->has_total_claimed,
		.total_computed = r->total_computed,
		.total_claimed = r->total_claimed,
		.errors = result_count(r, SEV_ERROR),
		.warnings = result_count(r, SEV_WARNING),
		.infos = result_count(r, SEV_INFO),
	};
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].line > 0) {
			fmt_source_load(&page->source, r->file);
			break;
		}
	return ++page->doc_count;
}

/* Descending computed total; documents without one last; input order on ties. */
static int compare_rank(const void *a, const void *b)
{
	const fmt_doc *x = ((const fmt_ranked *)a)->doc, *y = ((const fmt_ranked *)b)->doc;
	if (x->has_total_computed != y->has_total_computed)
		return x->has_total_computed ? -1 : 1;
	if (x->has_total_computed) {
		int c = dec_cmp(y->total_computed, x->total_computed);
		if (c)
			return c;
	}
	return x->number < y->number ? -1 : x->number > y->number;
}

fmt_ranked *fmt_page_ranking(const fmt_page *page)
{
	fmt_ranked *ranked = xcalloc(page->doc_count, sizeof *ranked);
	for (size_t i = 0; i < page->doc_count; i++)
		ranked[i].doc = &page->docs[i];
	qsort(ranked, page->doc_count, sizeof *ranked, compare_rank);
	size_t rank = 0;
	for (size_t i = 0; i < page->doc_count; i++) {
		const fmt_doc *d = ranked[i].doc;
		if (d->has_total_computed &&
		    (i == 0 || !ranked[i - 1].doc->has_total_computed ||
		     dec_cmp(ranked[i - 1].doc->total_computed, d->total_computed) != 0))
			rank = i + 1;
		ranked[i].rank = d->has_total_computed ? rank : 0;
	}
	return ranked;
}

void fmt_page_close_body(fmt_page *page)
{
	fclose(page->body);
	page->body = NULL;
}

void fmt_page_free(fmt_page *page)
{
	if (!page)
		return;
	if (page->body)
		fclose(page->body);
	free(page->body_data);
	for (size_t i = 0; i < page->doc_count; i++) {
		fmt_doc *d = &page->docs[i];
		free(d->file);
		free(d->kind);
		free(d->unit);
		free(d->project);
		free(d->grade_computed);
	}
	free(page->docs);
	fmt_source_clear(&page->source);
	free(page);
}

const char *fmt_status_label(enum indicator_status s)
{
	switch (s) {
	case IND_OK: return _("ok");
	case IND_MISMATCH: return _("mismatch");
	case IND_BLANK: return _("not filled in");
	default: return _("unverified");
	}
}

/*
 * fmt_text — the report for people, in the user's language: findings, then the score
 * table (claimed beside computed), then what could not be verified.
 * Columns are aligned by display width, so CJK text lines up.
 */
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_shared.h"
#include "base_i18n.h"
#include "base_textwidth.h"

#define RED "\033[31m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

/* A data string as text_put would show it, for a printf argument: a
 * string to free, never NULL. */
static char *visible(const char *s)
{
	char *v = text_visible(s ? s : "", false);
	return v ? v : calloc(1, 1);
}

static const char *paint(const printer *p, const char *code)
{
	return p->options.color ? code : "";
}

static const char *severity_colour(enum severity s)
{
	return s == SEV_ERROR ? RED : s == SEV_WARNING ? YELLOW : CYAN;
}

static const char *kind_label(const char *kind)
{
	if (!kind)
		return "";
	if (!strcmp(kind, "department"))
		return _("department-wide expenditure");
	if (!strcmp(kind, "project"))
		return _("project expenditure");
	return kind;
}

static void text_begin(printer *p)
{
	(void)p;
}

static void print_findings(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	if (r->finding_count == 0) {
		fprintf(out, _("  %sno problems found%s\n"), paint(p, GREEN), paint(p, RESET));
		return;
	}
	fprintf(out,
	        ngettext("  %zu finding (error: %zu, warning: %zu, info: %zu, waived: %zu):\n",
	                 "  %zu findings (error: %zu, warning: %zu, info: %zu, waived: %zu):\n",
	                 r->finding_count),
	        r->finding_count,
	        result_count(r, SEV_ERROR), result_count(r, SEV_WARNING), result_count(r, SEV_INFO),
	        result_count_waived(r));
	/* the widest severity label and a space ("警告 ", "warning ") */
	size_t label_width = 0;
	for (enum severity s = SEV_INFO; s <= SEV_ERROR; s++)
		if (text_width(severity_label(s)) + 1 > label_width)
			label_width = text_width(severity_label(s)) + 1;
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		char where[200] = "";
		/* The line alone when the column is not known, as in JSON; a
		 * form's cell ("自评表!G15") where the report was read from one */
		if (f->where)
			snprintf(where, sizeof where, "%s", f->where);
		else if (f->line > 0 && f->column > 0)
			snprintf(where, sizeof where, "%d:%d", f->line, f->column);
		else if (f->line > 0)
			snprintf(where, sizeof where, "%d", f->line);
		fputs("  ", out);
		size_t where_width = text_width(where) + 2 > 8 ? text_width(where) + 2 : 8;
		text_pad(out, where, where_width);
		fputs(paint(p, severity_colour(f->severity)), out);
		text_pad(out, severity_label(f->severity), label_width);
		fputs(paint(p, RESET), out);
		/* 2 + where_width + label_width columns precede the message */
		size_t start = 2 + where_width + label_width;
		if (f->waived) {
			fputs(_("[waived] "), out);
			start += text_width(_("[waived] "));
		}
		if (f->has_points) {
			char pts[DEC_BUFSIZE], tag[DEC_BUFSIZE + 64];
			dec_format_trim(f->points, pts);
			snprintf(tag, sizeof tag, _("[score -%s] "), pts);
			fputs(tag, out);
			start += text_width(tag);
		}
		text_wrap(out, f->message, start, 15, p->options.width);
		fprintf(out, "  %s[", paint(p, DIM));
		text_put(out, f->rule);
		if (f->path) {
			fputc(' ', out);
			text_put(out, f->path);
		}
		if (f->source) {
			fputc(' ', out);
			text_put(out, f->source);
		}
		fprintf(out, "]%s\n", paint(p, RESET));
		if (f->waived) {
			char *reason = visible(f->waiver_reason), *by = visible(f->waiver_approved_by),
			     *expires = visible(f->waiver_expires);
			fprintf(out, _("          waived: %s (approved by %s, expires %s)\n"), reason, by, expires);
			free(reason);
			free(by);
			free(expires);
		}
	}
}

static void fmt_value(char *buf, bool has, decimal d)
{
	if (has)
		dec_format_trim(d, buf);
	else
		strcpy(buf, "—");
}

static void print_scores(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	size_t name_width = text_width(_("Total"));
	for (size_t i = 0; i < r->indicator_count; i++) {
		size_t w = (size_t)r->indicators[i].depth * 2 + text_width(r->indicators[i].name);
		if (w > name_width)
			name_width = w;
	}
	name_width += 2;
	fputs(_("\n  Scores (claimed and computed by the rules):\n    "), out);
	text_pad(out, _("Indicator"), name_width);
	text_pad_left(out, _("Max"), 8);
	text_pad_left(out, _("Claimed"), 9);
	text_pad_left(out, _("Computed"), 9);
	fputs(_("  Status\n"), out);
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *s = &r->indicators[i];
		char mx[DEC_BUFSIZE], cl[DEC_BUFSIZE], cp[DEC_BUFSIZE];
		fmt_value(mx, s->has_max, s->max);
		fmt_value(cl, s->has_claimed, s->claimed);
		fmt_value(cp, s->has_computed, s->computed);
		fputs("    ", out);
		for (int d = 0; d < s->depth; d++)
			fputs("  ", out);
		text_pad(out, s->name, name_width - (size_t)s->depth * 2);
		text_pad_left(out, mx, 8);
		text_pad_left(out, cl, 9);
		text_pad_left(out, cp, 9);
		const char *colour = s->status == IND_OK ? GREEN : s->status == IND_MISMATCH ? RED : DIM;
		fprintf(out, "  %s%s%s\n", paint(p, colour), fmt_status_label(s->status), paint(p, RESET));
		for (size_t k = 0; k < s->deduction_count; k++) {
			char pts[DEC_BUFSIZE];
			dec_format_trim(s->deductions[k].points, pts);
			char *reason = visible(s->deductions[k].reason), *rule = visible(s->deductions[k].rule);
			fprintf(out, _("    %*s  └ rule deduction -%s: %s %s[%s]%s\n"), s->depth * 2, "", pts,
			        reason, paint(p, DIM), rule, paint(p, RESET));
			free(reason);
			free(rule);
		}
		if (s->formula) {
			char *formula = visible(s->formula);
			fprintf(out, _("    %*s  └ scoring formula: %s\n"), s->depth * 2, "", formula);
			free(formula);
		}
		for (size_t k = 0; k < s->unverified_count; k++) {
			char *reason = visible(s->unverified[k].reason ? s->unverified[k].reason
			                                               : _("(no reason given)"));
			char *rule = visible(s->unverified[k].rule);
			fprintf(out, _("    %*s  └ could not verify: %s %s[%s]%s\n"), s->depth * 2, "", reason,
			        paint(p, DIM), rule, paint(p, RESET));
			free(reason);
			free(rule);
		}
	}
	char mx[DEC_BUFSIZE], cl[DEC_BUFSIZE], cp[DEC_BUFSIZE];
	fmt_value(mx, r->indicator_count > 0, r->total_max);
	fmt_value(cl, r->has_total_claimed, r->total_claimed);
	fmt_value(cp, r->has_total_computed, r->total_computed);
	fputs("    ", out);
	text_pad(out, _("Total"), name_width);
	text_pad_left(out, mx, 8);
	text_pad_left(out, cl, 9);
	text_pad_left(out, cp, 9);
	fputs("\n    ", out);
	text_pad(out, _("Grade"), name_width);
	text_pad_left(out, "", 8);
	text_pad_left(out, r->grade_claimed ? r->grade_claimed : "—", 9);
	text_pad_left(out, r->grade_computed ? r->grade_computed : "—", 9);
	fputc('\n', out);

	size_t unverified = 0;
	for (size_t i = 0; i < r->indicator_count; i++)
		unverified += r->indicators[i].status == IND_UNVERIFIED;
	if (unverified) {
		fprintf(out,
		        ngettext("\n  %zu indicator could not be verified (no rule checks it, or its rules lack data); its claimed score stands: ",
		                 "\n  %zu indicators could not be verified (no rule checks them, or their rules lack data); their claimed scores stand: ",
		                 unverified),
		        unverified);
		size_t shown = 0;
		for (size_t i = 0; i < r->indicator_count; i++)
			if (r->indicators[i].status == IND_UNVERIFIED)
				/* TRANSLATORS: between the items of a list. */
			{
				fputs(shown++ ? _(", ") : "", out);
				text_put(out, r->indicators[i].path);
			}
		fputc('\n', out);
	}
}

static void text_document(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	if (!p->first)
		fputc('\n', out);
	p->first = false;
	fputs(paint(p, BOLD), out);
	text_put(out, r->file);
	if (r->document > 0)
		fprintf(out, _(" document %d"), r->document);
	fputs(paint(p, RESET), out);
	if (r->unit) {
		fputs("  ", out);
		text_put(out, r->unit);
	}
	if (r->has_year)
		fprintf(out, _(" year %ld"), r->year);
	if (r->kind) {
		fputc(' ', out);
		text_put(out, kind_label(r->kind));
	}
	if (r->project) {
		char *project = visible(r->project);
		fprintf(out, _(": %s"), project);
		free(project);
	}
	fputc('\n', out);
	if (r->department)
		fprintf(out, _("  competent department: %s\n"), r->department);
	if (r->framework)
		fprintf(out, _("  scoring framework: %s (%s)\n"), r->framework, r->framework_why);
	print_findings(p, r);
	if (r->blank_count)
		fprintf(out, ngettext("  the form is not filled in: %zu cell is empty\n",
		                      "  the form is not filled in: %zu cells are empty\n", r->blank_count),
		        r->blank_count);
	if (r->has_scores && r->indicator_count)
		print_scores(p, r);
}

static void text_end(printer *p, const run_summary *s)
{
	FILE *out = p->options.out;
	char files[64], documents[64], errors[64], warnings[64], infos[64];
	fprintf(out, _("\nChecked %s (%s): %s%s%s, %s%s%s, %s"),
	        i18n_count(files, sizeof files, ngettext("%zu file", "%zu files", s->files), s->files),
	        i18n_count(documents, sizeof documents,
	                   ngettext("%zu report", "%zu reports", s->documents), s->documents),
	        s->errors ? paint(p, RED) : "",
	        i18n_count(errors, sizeof errors, ngettext("%zu error", "%zu errors", s->errors), s->errors),
	        s->errors ? paint(p, RESET) : "", s->warnings ? paint(p, YELLOW) : "",
	        i18n_count(warnings, sizeof warnings, ngettext("%zu warning", "%zu warnings", s->warnings),
	                   s->warnings),
	        s->warnings ? paint(p, RESET) : "",
	        i18n_count(infos, sizeof infos, ngettext("%zu info", "%zu info", s->infos), s->infos));
	if (s->waived)
		fprintf(out, _(", %zu waived"), s->waived);
	fputc('\n', out);
}

void fmt_text_init(printer *p)
{
	p->begin = text_begin;
	p->document = text_document;
	p->end = text_end;
}

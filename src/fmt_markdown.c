/*
 * fmt_markdown — the HTML report's content as GitHub-flavoured Markdown, for
 * merge requests and wikis: per document a header, a summary, the score
 * table and its deductions with the policy behind them, the budget, the
 * targets, and the findings with the YAML line each one is about.
 *
 * Text from the result or the data file is escaped so that it can neither
 * format nor break the page: HTML metacharacters become entities, Markdown
 * punctuation is backslash-escaped, a line break in a table cell becomes
 * <br>, and text that is not UTF-8 shows as U+FFFD.  Code spans and fences
 * are made longer than any run of backticks inside them.
 *
 * With several documents a ranking by computed total comes first, so
 * sections are written to a memory buffer as they arrive and the page is put
 * together at the end.  Computes nothing; the page, the ranking and the
 * quoting of the data file are shared with fmt_html.c (fmt_shared.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base_i18n.h"
#include "fmt.h"
#include "fmt_shared.h"
#include "rules_catalog.h"

/* ---- text --------------------------------------------------------------------- */

/* Markdown text, inline: safe in a table cell, a list item or a heading.
 * HTML metacharacters become entities, Markdown punctuation is escaped
 * with a backslash, a line break becomes <br>. */
static const char *md_escape(int32_t cp, const char *next, const char *end, void *context)
{
	(void)context;
	switch (cp) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '\\': return "\\\\";
	case '`': return "\\`";
	case '*': return "\\*";
	case '_': return "\\_";
	case '[': return "\\[";
	case ']': return "\\]";
	case '|': return "\\|";
	case '~': return "\\~";
	case '$': return "\\$";
	case '#': return "\\#";
	case '\t': return " ";
	case '\r':
		if (next < end && *next == '\n')
			return ""; /* the \n that follows makes the break */
		return "<br>";
	case '\n': return "<br>";
	default: return fmt_forbidden(cp) ? FMT_REPLACEMENT : NULL;
	}
}

static void md(FILE *out, const char *s)
{
	if (s)
		fmt_write_text(out, s, strlen(s), md_escape, NULL);
}

static void md_or(FILE *out, const char *s, const char *placeholder)
{
	if (s && *s)
		md(out, s);
	else
		fputs(placeholder, out);
}

/* Length of the longest run of backticks in s[0..len). */
static size_t longest_backticks(const char *s, size_t len)
{
	size_t best = 0, run = 0;
	for (size_t i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* The characters of a code span or fence: line breaks become spaces,
 * forbidden characters U+FFFD; nothing else is escaped in code. */
static const char *code_escape(int32_t cp, const char *next, const char *end, void *context)
{
	(void)next, (void)end, (void)context;
	if (cp == '\n' || cp == '\r')
		return " ";
	return fmt_forbidden(cp) ? FMT_REPLACEMENT : NULL;
}

static void code_write(FILE *out, const char *s, size_t len)
{
	fmt_write_text(out, s, len, code_escape, NULL);
}

/* s as an inline code span (never used inside a table). */
static void md_code(FILE *out, const char *s)
{
	if (!s || !*s)
		return;
	size_t len = strlen(s), ticks = longest_backticks(s, len) + 1;
	bool pad = s[0] == '`' || s[len - 1] == '`' || (s[0] == ' ' && s[len - 1] == ' ');
	for (size_t i = 0; i < ticks; i++)
		fputc('`', out);
	if (pad)
		fputc(' ', out);
	code_write(out, s, len);
	if (pad)
		fputc(' ', out);
	for (size_t i = 0; i < ticks; i++)
		fputc('`', out);
}

/* ---- numbers and labels --------------------------------------------------------- */

static void score_text(FILE *out, bool has, decimal d)
{
	char buf[DEC_BUFSIZE];
	if (!has) {
		fputs("—", out);
		return;
	}
	dec_format_trim(d, buf);
	fputs(buf, out);
}

static void kind_md(FILE *out, const char *kind)
{
	const char *label = fmt_kind_label(kind);
	if (label)
		fputs(label, out);
	else
		md_or(out, kind, _("kind not given"));
}

/* A mismatch stands out in bold. */
static const char *status_label(enum indicator_status s)
{
	return s == IND_MISMATCH ? _("**mismatch**") : fmt_status_label(s);
}

static void target_status_md(FILE *out, const char *status)
{
	if (!status)
		fputs("—", out);
	else if (!strcmp(status, "met"))
		fputs(_("met"), out);
	else if (!strcmp(status, "not_met"))
		fputs(_("not met"), out);
	else if (!strcmp(status, "unassessable"))
		fputs(_("cannot be assessed"), out);
	else
		md(out, status);
}

/* ---- the data file, for quoting the line a finding is about ------------------- */

/* The line as a fenced block inside a list item (indented two spaces);
 * a very long line is cut to a window around the column. */
static void quote_line(FILE *out, const fmt_source *s, int line, int column)
{
	fmt_window w;
	if (!fmt_source_window(s, line, column, &w))
		return;
	size_t ticks = longest_backticks(w.text + w.from, w.to - w.from) + 1;
	if (ticks < 3)
		ticks = 3;
	fputs("\n  ", out);
	for (size_t i = 0; i < ticks; i++)
		fputc('`', out);
	fputs("yaml\n  ", out);
	if (w.from > 0)
		fputs("…", out);
	code_write(out, w.text + w.from, w.to - w.from);
	if (w.to < w.length)
		fputs("…", out);
	fputs("\n  ", out);
	for (size_t i = 0; i < ticks; i++)
		fputc('`', out);
	fputc('\n', out);
}

/* ---- one document --------------------------------------------------------------- */

static void write_header(const printer *p, FILE *out, size_t doc, const doc_result *r)
{
	const rule_set *rs = p->options.rules;
	fprintf(out, "## <a id=\"doc-%zu\"></a>", doc);
	md_or(out, r->unit, _("(unit not given)"));
	fputs("\n\n", out);
	if (r->has_year)
		fprintf(out, _("year %ld"), r->year);
	else
		fputs(_("year not given"), out);
	fputs(" · ", out);
	kind_md(out, r->kind);
	if (r->project) {
		fputs(_(" · project: "), out);
		md(out, r->project);
	}
	fputs(_(" · performance self-evaluation report check\n\n- data file: "), out);
	md_code(out, r->file);
	if (r->document > 0)
		fprintf(out, _(" (document %d)"), r->document);
	fputc('\n', out);
	if (p->options.checked_at) {
		fputs(_("- checked at: "), out);
		md(out, p->options.checked_at);
		fputc('\n', out);
	}
	if (rs && (ruleset_name(rs) || ruleset_version(rs))) {
		fputs(_("- rule set: "), out);
		md_or(out, ruleset_name(rs), _("(unnamed)"));
		if (ruleset_version(rs)) {
			fputc(' ', out);
			md(out, ruleset_version(rs));
		}
		fprintf(out, ngettext(" (%zu rule)\n", " (%zu rules)\n", ruleset_count(rs)), ruleset_count(rs));
	}
	if (r->department) {
		fputs(_("- competent department: "), out);
		md(out, r->department);
		fputc('\n', out);
	}
	if (r->framework) {
		fputs(_("- scoring framework: "), out);
		md(out, r->framework);
		if (r->framework_why) {
			fputs(" (", out);
			md(out, r->framework_why);
			fputc(')', out);
		}
		fputc('\n', out);
	}
	if (r->blank_count)
		fprintf(out, ngettext("- the form is not filled in: %zu cell empty\n",
		                      "- the form is not filled in: %zu cells empty\n", r->blank_count),
		        r->blank_count);
	fputs(_("- checked with: pevcheck "), out);
	md(out, p->options.version);
	fputs("\n\n", out);
}

static void write_summary(FILE *out, const doc_result *r)
{
	fputs(_("### Summary\n\n| Item | Claimed | Computed | Notes |\n| --- | ---: | ---: | --- |\n| Total score"), out);
	if (r->indicator_count > 0) {
		fputs(_(" (out of "), out);
		score_text(out, true, r->total_max);
		fputs(_(")"), out);
	}
	fputs(" | ", out);
	score_text(out, r->has_total_claimed, r->total_claimed);
	fputs(" | **", out);
	score_text(out, r->has_total_computed, r->total_computed);
	fputs("** | ", out);
	const finding *total = fmt_finding_at(r, "scores.total");
	if (total) {
		fprintf(out, _("%s: "), severity_label(total->severity));
		md(out, total->message);
	}
	fputs(_(" |\n| Grade | "), out);
	md_or(out, r->grade_claimed, "—");
	fputs(" | **", out);
	md_or(out, r->grade_computed, "—");
	fputs("** | ", out);
	const finding *grade = fmt_finding_at(r, "scores.grade");
	if (grade) {
		fprintf(out, _("%s: "), severity_label(grade->severity));
		md(out, grade->message);
	}
	fprintf(out, _(" |\n\nFindings: errors %zu, warnings %zu, info %zu"), result_count(r, SEV_ERROR),
	        result_count(r, SEV_WARNING), result_count(r, SEV_INFO));
	if (result_count_waived(r))
		fprintf(out, _(", and %zu waived"), result_count_waived(r));
	fputs(_("."), out);
	size_t unverified = fmt_unverified_count(r);
	if (unverified)
		fprintf(out,
		        ngettext(" %zu indicator could not be verified (no rule checks it, or its rules lack data); its claimed score stands.",
		                 " %zu indicators could not be verified (no rule checks them, or their rules lack data); their claimed scores stand.",
		                 unverified),
		        unverified);
	fputs("\n\n", out);
}

static void write_deductions(const printer *p, FILE *out, const indicator_score *s)
{
	fputs("- **", out);
	md(out, s->path);
	fputs("**\n", out);
	for (size_t k = 0; k < s->deduction_count; k++) {
		const deduction *d = &s->deductions[k];
		fputs(_("  - rule deducts"), out);
		if (d->has_points) {
			fputs(" ", out);
			score_text(out, true, d->points);
			fputs(_(" points"), out);
		}
		fputs(_(": "), out);
		md(out, d->reason);
		fputs(_(" ("), out);
		md_code(out, d->rule);
		fputs(_(")\n"), out);
		const rule_decl *rule = p->options.rules && d->rule ? ruleset_find(p->options.rules, d->rule)
		                                                   : NULL;
		if (rule && rule->policy) {
			fputs(_("    - policy: "), out);
			if (rule->title) {
				md(out, rule->title);
				fputs(_(" — "), out);
			}
			md(out, rule->policy);
			if (rule->reference) {
				fputs(_(" ("), out);
				md(out, rule->reference);
				fputs(_(")"), out);
			}
			fputc('\n', out);
		}
	}
	for (size_t k = 0; k < s->claimed_deduction_count; k++) {
		const deduction *d = &s->claimed_deductions[k];
		fputs(_("  - report deducts"), out);
		if (d->has_points) {
			fputs(" ", out);
			score_text(out, true, d->points);
			fputs(_(" points"), out);
		} else {
			fputs(_(" (no points given)"), out);
		}
		fputs(_(": "), out);
		md_or(out, d->reason, _("(no reason written)"));
		fputc('\n', out);
		if (d->fix) {
			fputs(_("    - corrective action: "), out);
			md(out, d->fix);
			fputc('\n', out);
		}
	}
	if (s->formula) {
		fputs(_("  - scoring formula: "), out);
		md(out, s->formula);
		fputc('\n', out);
	}
	for (size_t k = 0; k < s->unverified_count; k++) {
		fputs(_("  - could not verify: "), out);
		md(out, s->unverified[k].reason ? s->unverified[k].reason : _("(no reason given)"));
		fputs(" `", out);
		md(out, s->unverified[k].rule);
		fputs("`\n", out);
	}
}

static void write_scores(const printer *p, FILE *out, const doc_result *r)
{
	fputs(_("### 1. Scores\n\n"), out);
	if (!r->has_scores || r->indicator_count == 0) {
		fputs(_("The report has no score sheet (scores.indicators).\n\n"), out);
		return;
	}
	fputs(_("| Indicator | Max | Claimed | Computed | Status |\n| --- | ---: | ---: | ---: | --- |\n"), out);
	bool details = false;
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *s = &r->indicators[i];
		bool mismatch = s->status == IND_MISMATCH;
		fputs("| ", out);
		for (int d = 0; d < s->depth && d < 8; d++)
			fputs("　　", out); /* U+3000: Markdown keeps it, so the tree shows */
		fputs(s->depth == 0 ? "**" : "", out);
		md(out, s->name);
		fputs(s->depth == 0 ? "** | " : " | ", out);
		score_text(out, s->has_max, s->max);
		fputs(" | ", out);
		score_text(out, s->has_claimed, s->claimed);
		fputs(mismatch ? " | **" : " | ", out);
		score_text(out, s->has_computed, s->computed);
		fprintf(out, "%s | %s |\n", mismatch ? "**" : "", status_label(s->status));
		details |= s->deduction_count || s->claimed_deduction_count || s->formula ||
		           s->unverified_count;
	}
	fputs(_("| **Total** | "), out);
	score_text(out, true, r->total_max);
	fputs(" | ", out);
	score_text(out, r->has_total_claimed, r->total_claimed);
	fputs(" | **", out);
	score_text(out, r->has_total_computed, r->total_computed);
	fputs(_("** |  |\n| **Grade** |  | "), out);
	md_or(out, r->grade_claimed, "—");
	fputs(" | **", out);
	md_or(out, r->grade_computed, "—");
	fputs(_("** |  |\n\n"
	        "\"ok\": the score the rules compute equals the claimed score; \"mismatch\": they "
	        "differ, see the findings; \"unverified\": no rule covers the indicator, or a "
	        "rule could not check it (its data is missing: see the reasons listed), and the "
	        "claimed score stands.\n\n"),
	      out);
	if (!details)
		return;
	fputs(_("#### Deductions\n\n"), out);
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *s = &r->indicators[i];
		if (s->deduction_count || s->claimed_deduction_count || s->formula || s->unverified_count)
			write_deductions(p, out, s);
	}
	fputc('\n', out);
}

static void budget_row(FILE *out, const doc_result *r, const fmt_budget_row *row)
{
	fprintf(out, "| %s | ", _(row->label));
	if (row->cell == FMT_CELL_VALUE) {
		fmt_amount(out, row->value);
		fputs(row->percent ? "%" : "", out);
	} else {
		fputs(row->cell == FMT_CELL_BLANK ? _("not filled in") : "—", out);
	}
	fputs(" | ", out);
	if (row->note)
		md(out, _(row->note));
	if (row->field) {
		char path[64];
		snprintf(path, sizeof path, "budget.%s", row->field);
		const finding *f = fmt_finding_at(r, path);
		if (f) {
			fprintf(out, _("%s: "), severity_label(f->severity));
			md(out, f->message);
		}
	}
	fputs(" |\n", out);
}

static void write_budget(FILE *out, const doc_result *r)
{
	const budget_summary *b = &r->budget;
	fputs(_("### 2. Budget execution\n\n"), out);
	if (!b->present) {
		fputs(_("The report has no budget execution data (budget).\n\n"), out);
		return;
	}
	fputs(_("Amounts in: "), out);
	md_or(out, b->currency, _("(not stated)"));
	fputs(_("\n\n| Item | Value | Notes |\n| --- | ---: | --- |\n"), out);
	fmt_budget_row rows[FMT_BUDGET_ROWS];
	size_t n = fmt_budget_rows(b, rows);
	for (size_t i = 0; i < n; i++)
		budget_row(out, r, &rows[i]);
	fputc('\n', out);
}

static void write_targets(FILE *out, const doc_result *r)
{
	fputs(_("### 3. Performance targets\n\n"), out);
	if (r->target_count == 0) {
		fputs(_("The report lists no performance targets (targets).\n\n"), out);
		return;
	}
	fputs(_("| No. | Target | Target value | Actual value | Unit | Claimed status | Computed | Reason |\n"
	        "| ---: | --- | --- | --- | --- | --- | --- | --- |\n"),
	      out);
	for (size_t i = 0; i < r->target_count; i++) {
		const target_summary *t = &r->targets[i];
		fprintf(out, "| %zu | ", i + 1);
		md_or(out, t->name, _("(unnamed)"));
		fputs(" | ", out);
		md_or(out, t->target, "—");
		fputs(" | ", out);
		md_or(out, t->actual, t->actual_blank ? _("not filled in") : _("not reported"));
		fputs(" | ", out);
		md(out, t->unit);
		fputs(" | ", out);
		target_status_md(out, t->status);
		fprintf(out, " | %s | ", t->met > 0 ? _("met") : t->met == 0 ? _("**not met**") : _("cannot tell"));
		md(out, t->reason);
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

static void write_finding(const printer *p, FILE *out, const finding *f)
{
	fprintf(out, "- **%s**", severity_label(f->severity));
	if (f->waived)
		fputs(_(" waived"), out);
	if (f->has_points) {
		fputs(_(" deducts "), out);
		score_text(out, true, f->points);
		fputs(_(" points"), out);
	}
	fputs(_(": "), out);
	md(out, f->message);
	fputs("\n\n  ", out);
	md_code(out, f->rule);
	const rule_decl *rule = p->options.rules && f->rule ? ruleset_find(p->options.rules, f->rule)
	                                                   : NULL;
	if (rule && rule->title) {
		fputc(' ', out);
		md(out, rule->title);
	}
	if (f->path) {
		fputs(" · ", out);
		md_code(out, f->path);
	}
	fmt_line_column(out, f);
	if (f->where) {
		fputs(" · ", out);
		md(out, f->where);
	}
	if (f->indicator) {
		fputs(_(" · indicator "), out);
		md(out, f->indicator);
	}
	if (f->source) {
		fputs(_(" · rule at "), out);
		md_code(out, f->source);
	}
	fputc('\n', out);
	if (f->waived) {
		fputs(_("\n  waived because: "), out);
		md_or(out, f->waiver_reason, _("(not written)"));
		fputs(_(" · approved by "), out);
		md_or(out, f->waiver_approved_by, _("(not written)"));
		fputs(_(" · expires "), out);
		md_or(out, f->waiver_expires, _("(not written)"));
		fputc('\n', out);
	}
	if (f->line > 0)
		quote_line(out, &((const fmt_page *)p->state)->source, f->line, f->column);
	fputc('\n', out);
}

static void write_findings(const printer *p, FILE *out, const doc_result *r)
{
	fputs(_("### 4. Findings\n\n"), out);
	if (r->finding_count == 0) {
		fputs(_("No problems found.\n\n"), out);
		return;
	}
	fmt_group groups[4];
	size_t n = fmt_finding_groups(r, groups);
	for (size_t g = 0; g < n; g++) {
		if (groups[g].waived)
			fprintf(out, _("#### Waived (%zu, approved in the project configuration, not counted as errors or warnings)\n\n"), groups[g].count);
		else
			fprintf(out, _("#### %s (%zu)\n\n"), severity_label(groups[g].severity), groups[g].count);
		for (size_t i = 0; i < r->finding_count; i++)
			if (fmt_in_group(&r->findings[i], &groups[g]))
				write_finding(p, out, &r->findings[i]);
	}
}

/* The page being made: begun by begin(), or by the first document when
 * begin() was not called. */
static fmt_page *page_of(printer *p)
{
	if (!p->state)
		p->state = fmt_page_new();
	return p->state;
}

static void md_begin(printer *p)
{
	fmt_page_free(p->state);
	p->state = fmt_page_new();
}

static void md_document(printer *p, const doc_result *r)
{
	fmt_page *page = page_of(p);
	p->first = false;
	size_t doc = fmt_page_add(page, r);
	FILE *out = page->body;
	if (doc > 1)
		fputs("---\n\n", out);
	write_header(p, out, doc, r);
	write_summary(out, r);
	write_scores(p, out, r);
	write_budget(out, r);
	write_targets(out, r);
	write_findings(p, out, r);
}

/* ---- the page ----------------------------------------------------------------- */

static void write_index(FILE *out, const fmt_page *page, const run_summary *s)
{
	fmt_ranked *ranked = fmt_page_ranking(page);

	char files[64], documents[64];
	fprintf(out, _("## Ranking\n\nChecked %s (%s); ranked by the total the rules compute, highest first.\n\n"),
	        i18n_count(files, sizeof files, ngettext("%zu file", "%zu files", s->files), s->files),
	        i18n_count(documents, sizeof documents,
	                   ngettext("%zu report", "%zu reports", s->documents), s->documents));
	fputs(_("| Rank | Unit | Year | Kind | Data file | Computed total | Claimed total | Grade | Errors | "
	        "Warnings | Info |\n"
	        "| ---: | --- | ---: | --- | --- | ---: | ---: | --- | ---: | ---: | ---: |\n"),
	      out);
	for (size_t i = 0; i < page->doc_count; i++) {
		const fmt_doc *d = ranked[i].doc;
		if (d->has_total_computed)
			fprintf(out, "| %zu | [", ranked[i].rank);
		else
			fputs("| — | [", out);
		md_or(out, d->unit, _("(unit not given)"));
		fprintf(out, "](#doc-%zu)", d->number);
		if (d->project) {
			fputs("<br>", out);
			md(out, d->project);
		}
		fputs(" | ", out);
		if (d->has_year)
			fprintf(out, "%ld", d->year);
		fputs(" | ", out);
		kind_md(out, d->kind);
		fputs(" | ", out);
		md(out, d->file);
		if (d->document > 0)
			/* TRANSLATORS: the document's number within its file, in the ranking. */
			fprintf(out, _(" #%d"), d->document);
		fputs(" | **", out);
		score_text(out, d->has_total_computed, d->total_computed);
		fputs("** | ", out);
		score_text(out, d->has_total_claimed, d->total_claimed);
		fputs(" | ", out);
		md_or(out, d->grade_computed, "—");
		fprintf(out, " | %s%zu%s | %zu | %zu |\n", d->errors ? "**" : "", d->errors,
		        d->errors ? "**" : "", d->warnings, d->infos);
	}
	fputs("\n---\n\n", out);
	free(ranked);
}

static void md_end(printer *p, const run_summary *s)
{
	FILE *out = p->options.out;
	fmt_page *page = page_of(p);
	fmt_page_close_body(page);
	fprintf(out,
	        ngettext("# Performance self-evaluation report check\n\n%zu report: errors %zu, warnings %zu, info %zu",
	                 "# Performance self-evaluation report check\n\n%zu reports: errors %zu, warnings %zu, info %zu",
	                 s->documents),
	        s->documents,
	        s->errors, s->warnings, s->infos);
	if (s->waived)
		fprintf(out, _(", waived %zu"), s->waived);
	fputs(_(". pevcheck "), out);
	md(out, p->options.version);
	if (p->options.checked_at) {
		fputs(_(", checked at "), out);
		md(out, p->options.checked_at);
	}
	fputs(_(".\n\n"), out);
	if (page->doc_count > 1)
		write_index(out, page, s);
	fwrite(page->body_data, 1, page->body_size, out);
	fmt_page_free(page);
	p->state = NULL;
}

void fmt_markdown_init(printer *p)
{
	p->begin = md_begin;
	p->document = md_document;
	p->end = md_end;
}

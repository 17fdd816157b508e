/*
 * fmt_html — the report as one self-contained HTML page, in Chinese, for
 * report preparers to read on screen or print on A4: per document its
 * header, a summary, the score table with every deduction and the policy
 * behind it, the budget, the targets, and the findings with the YAML line
 * each one is about.
 *
 * The page has no script, no external font, image or link: only inline CSS.
 * Every string from the result or the data file is escaped; text that is
 * not UTF-8 shows as U+FFFD.
 *
 * With several documents the page opens with a ranking by computed total,
 * so sections are written to a memory buffer as they arrive and the page is
 * put together at the end; only a small summary per document is kept beside
 * the buffered sections.  The printer computes nothing: what it shows, and
 * which rows it marks, comes from the result (indicator status, findings at
 * a data path).
 *
 * Knows the result and the rule declarations (for policy text), nothing of
 * how either was made.
 */
#include <stdlib.h>
#include <string.h>

#include "base_i18n.h"
#include "fmt.h"
#include "fmt_shared.h"
#include "rules_catalog.h"

/* ---- text: UTF-8 checked, HTML escaped -------------------------------------- */

/* HTML text, safe in attribute values too.  A line break becomes <br>
 * when *(bool *)breaks, else a space. */
static const char *html_escape(int32_t cp, const char *next, const char *end, void *breaks)
{
	switch (cp) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\r':
		if (next < end && *next == '\n')
			return ""; /* the \n that follows makes the break */
		/* fall through */
	case '\n': return *(bool *)breaks ? "<br>\n" : " ";
	default: return fmt_forbidden(cp) ? FMT_REPLACEMENT : NULL;
	}
}

/* Write len bytes of s as HTML text (see html_escape). */
static void html_write(FILE *out, const char *s, size_t len, bool breaks)
{
	fmt_write_text(out, s, len, html_escape, &breaks);
}

static void html(FILE *out, const char *s)
{
	if (s)
		html_write(out, s, strlen(s), true);
}

/* s, or the placeholder when it is NULL or empty. */
static void html_or(FILE *out, const char *s, const char *placeholder)
{
	if (s && *s)
		html(out, s);
	else
		fputs(placeholder, out);
}

/* ---- numbers ------------------------------------------------------------------ */

static void score_text(FILE *out, bool has, decimal d)
{
	char buf[DEC_BUFSIZE];
	if (!has) {
		fputs("<span class=\"none\">—</span>", out);
		return;
	}
	dec_format_trim(d, buf);
	fputs(buf, out);
}

/* ---- labels ------------------------------------------------------------------- */

static void kind_html(FILE *out, const char *kind)
{
	const char *label = fmt_kind_label(kind);
	if (label)
		fputs(label, out);
	else
		html_or(out, kind, _("kind not given"));
}

static const char *status_class(enum indicator_status s)
{
	switch (s) {
	case IND_OK: return "ok";
	case IND_MISMATCH: return "mismatch";
	case IND_BLANK: return "blank";
	default: return "unverified";
	}
}

static const char *severity_class(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "info";
}

/* A target's claimed status, in Chinese when it is one of the three. */
static void target_status_html(FILE *out, const char *status)
{
	if (!status)
		fputs("<span class=\"none\">—</span>", out);
	else if (!strcmp(status, "met"))
		fputs(_("<span class=\"met\">met</span>"), out);
	else if (!strcmp(status, "not_met"))
		fputs(_("<span class=\"not-met\">not met</span>"), out);
	else if (!strcmp(status, "unassessable"))
		fputs(_("<span class=\"unknown\">cannot be assessed</span>"), out);
	else
		html(out, status);
}

/* ---- the data file, for quoting the line a finding is about ------------------- */

/* The end of the token that starts at `at`: up to a comment, or in a flow
 * collection the next separator; trailing blanks not included. */
static size_t token_end(const char *text, size_t length, size_t at)
{
	bool flow = memchr(text, '{', at) || memchr(text, '[', at);
	size_t i = at;
	for (; i < length; i++) {
		if (text[i] == '#' && i > at && (text[i - 1] == ' ' || text[i - 1] == '\t'))
			break;
		if (flow && i > at && (text[i] == ',' || text[i] == '}' || text[i] == ']'))
			break;
	}
	while (i > at && (text[i - 1] == ' ' || text[i - 1] == '\t'))
		i--;
	return i;
}

/* The line `line` of the data file as a <pre>, the text at `column`
 * marked.  A very long line (minified JSON) is cut to a window around it. */
static void quote_line(FILE *out, const fmt_source *s, int line, int column)
{
	fmt_window w;
	if (!fmt_source_window(s, line, column, &w))
		return;
	const char *text = w.text;
	size_t length = w.length, from = w.from, to = w.to;
	size_t at = column > 0 ? fmt_char_offset(text, length, (size_t)column - 1) : length;
	if (at < from || at > to)
		at = to;
	size_t stop = at < to ? token_end(text, to, at) : at;
	fprintf(out, "<pre class=\"source\"><span class=\"ln\">%d</span>", line);
	if (from > 0)
		fputs("…", out);
	html_write(out, text + from, at - from, false);
	if (stop > at) {
		fputs("<mark>", out);
		html_write(out, text + at, stop - at, false);
		fputs("</mark>", out);
	}
	html_write(out, text + stop, to - stop, false);
	if (to < length)
		fputs("…", out);
	fputs("</pre>\n", out);
}

/* ---- findings a row of a table is about ---------------------------------------- */

/* Is finding path fp about the indicator whose data path is `base` (its
 * score path without ".score")?  Not when it is about one of its children. */
static bool about_indicator(const char *fp, const char *base, size_t base_len)
{
	if (!fp || strncmp(fp, base, base_len) != 0)
		return false;
	const char *rest = fp + base_len;
	return *rest == '\0' || (*rest == '.' && strncmp(rest, ".children", 9) != 0);
}

/* A small link to finding f: its severity, pointing at its entry below. */
static void finding_link(FILE *out, size_t doc, const doc_result *r, const finding *f)
{
	fprintf(out, "<a class=\"flag sev-%s\" href=\"#doc-%zu-f-%zu\">%s</a>",
	        severity_class(f->severity), doc, (size_t)(f - r->findings) + 1,
	        severity_label(f->severity));
}

/* ---- one document --------------------------------------------------------------- */

static void write_header(const printer *p, FILE *out, size_t doc, const doc_result *r)
{
	const rule_set *rs = p->options.rules;
	fputs("<header class=\"doc-header\">\n<p class=\"kicker\">", out);
	const char *label = fmt_kind_label(r->kind);
	if (label)
		fprintf(out, _("%s performance self-evaluation report · check results</p>\n"), label);
	else
		fputs(_("Performance self-evaluation report · check results</p>\n"), out);
	fprintf(out, "<h2 id=\"doc-%zu-title\">", doc);
	html_or(out, r->unit, _("(unit not given)"));
	fputs("</h2>\n<p class=\"subtitle\">", out);
	if (r->has_year)
		fprintf(out, _("year %ld"), r->year);
	else
		fputs(_("year not given"), out);
	fputs(" · ", out);
	kind_html(out, r->kind);
	if (r->project) {
		fputs(_(" · project: "), out);
		html(out, r->project);
	}
	fputs(_("</p>\n<dl class=\"meta\">\n<div><dt>Data file</dt><dd><code>"), out);
	html(out, r->file);
	fputs("</code>", out);
	if (r->document > 0)
		fprintf(out, _(" (document %d)"), r->document);
	fputs("</dd></div>\n", out);
	if (p->options.checked_at) {
		fputs(_("<div><dt>Checked at</dt><dd>"), out);
		html(out, p->options.checked_at);
		fputs("</dd></div>\n", out);
	}
	if (rs && (ruleset_name(rs) || ruleset_version(rs))) {
		fputs(_("<div><dt>Rule set</dt><dd>"), out);
		html_or(out, ruleset_name(rs), _("(unnamed)"));
		if (ruleset_version(rs)) {
			fputs(" ", out);
			html(out, ruleset_version(rs));
		}
		fprintf(out, ngettext(" (%zu rule)</dd></div>\n", " (%zu rules)</dd></div>\n", ruleset_count(rs)), ruleset_count(rs));
	}
	if (r->department) {
		fputs(_("<div><dt>Competent department</dt><dd>"), out);
		html(out, r->department);
		fputs("</dd></div>\n", out);
	}
	if (r->framework) {
		fputs(_("<div><dt>Scoring framework</dt><dd>"), out);
		html(out, r->framework);
		if (r->framework_why) {
			fputs(" (", out);
			html(out, r->framework_why);
			fputs(")", out);
		}
		fputs("</dd></div>\n", out);
	}
	if (r->blank_count) {
		fputs(_("<div><dt>Form not filled in</dt><dd>"), out);
		fprintf(out, ngettext("%zu cell empty", "%zu cells empty", r->blank_count), r->blank_count);
		fputs("</dd></div>\n", out);
	}
	fputs(_("<div><dt>Checked with</dt><dd>pevcheck "), out);
	html(out, p->options.version);
	fputs("</dd></div>\n</dl>\n</header>\n", out);
}

static void write_summary(FILE *out, size_t doc, const doc_result *r)
{
	const finding *total = fmt_finding_at(r, "scores.total");
	const finding *grade = fmt_finding_at(r, "scores.grade");
	fputs("<div class=\"summary\">\n", out);

	fprintf(out, _("<div class=\"card%s\"><h3>Total score</h3>\n<p class=\"pair\">"),
	        total && total->severity == SEV_ERROR ? " bad" : "");
	fputs(_("<span class=\"k\">computed</span> <strong class=\"big\">"), out);
	score_text(out, r->has_total_computed, r->total_computed);
	fputs("</strong>", out);
	if (r->indicator_count > 0) {
		fputs(" <span class=\"of\">/ ", out);
		score_text(out, true, r->total_max);
		fputs("</span>", out);
	}
	fputs(_("</p>\n<p class=\"pair\"><span class=\"k\">claimed</span> "), out);
	score_text(out, r->has_total_claimed, r->total_claimed);
	if (total) {
		fputs(" ", out);
		finding_link(out, doc, r, total);
	}
	fputs("</p></div>\n", out);

	fprintf(out, _("<div class=\"card%s\"><h3>Grade</h3>\n<p class=\"pair\">"),
	        grade && grade->severity == SEV_ERROR ? " bad" : "");
	fputs(_("<span class=\"k\">computed</span> <strong class=\"big\">"), out);
	html_or(out, r->grade_computed, "—");
	fputs(_("</strong></p>\n<p class=\"pair\"><span class=\"k\">claimed</span> "), out);
	html_or(out, r->grade_claimed, "—");
	if (grade) {
		fputs(" ", out);
		finding_link(out, doc, r, grade);
	}
	fputs("</p></div>\n", out);

	size_t errors = result_count(r, SEV_ERROR), warnings = result_count(r, SEV_WARNING),
	       infos = result_count(r, SEV_INFO);
	fprintf(out, _("<div class=\"card%s\"><h3>Findings</h3>\n<p class=\"counts\">"), errors ? " bad" : "");
	fprintf(out, _("<a href=\"#doc-%zu-findings\"><span class=\"sev-error\">errors <strong>%zu</strong></span>"
	               " <span class=\"sev-warning\">warnings <strong>%zu</strong></span>"
	               " <span class=\"sev-info\">info <strong>%zu</strong></span></a></p>\n"),
	        doc, errors, warnings, infos);
	if (result_count_waived(r))
		fprintf(out, _("<p class=\"note\">and %zu waived</p>\n"), result_count_waived(r));
	size_t unverified = fmt_unverified_count(r);
	if (unverified)
		fprintf(out,
		        ngettext("<p class=\"note\">%zu indicator could not be verified (no rule checks it, or its rules lack data); its claimed score stands</p>\n",
		                 "<p class=\"note\">%zu indicators could not be verified (no rule checks them, or their rules lack data); their claimed scores stand</p>\n",
		                 unverified),
		        unverified);
	fputs("</div>\n</div>\n", out);
}

static void write_deductions(const printer *p, FILE *out, size_t doc, const doc_result *r,
                             const indicator_score *s)
{
	fputs("<tr class=\"details\"><td colspan=\"5\"><ul class=\"deductions\">\n", out);
	for (size_t k = 0; k < s->deduction_count; k++) {
		const deduction *d = &s->deductions[k];
		fputs(_("<li class=\"by-rule\"><span class=\"tag\">rule deducts</span> "), out);
		if (d->has_points) {
			fputs(_("<span class=\"points\">-"), out);
			score_text(out, true, d->points);
			fputs(_(" points</span> "), out);
		}
		html(out, d->reason);
		fputs(" <code class=\"rule\">", out);
		html(out, d->rule);
		fputs("</code>", out);
		for (size_t i = 0; i < r->finding_count; i++) {
			const finding *f = &r->findings[i];
			if (d->rule && f->rule && !strcmp(f->rule, d->rule) && f->indicator &&
			    !strcmp(f->indicator, s->path)) {
				fputs(" ", out);
				finding_link(out, doc, r, f);
				break;
			}
		}
		const rule_decl *rule = p->options.rules && d->rule ? ruleset_find(p->options.rules, d->rule)
		                                                   : NULL;
		if (rule && rule->policy) {
			fputs(_("\n<p class=\"policy\"><span class=\"k\">policy</span>"), out);
			if (rule->title) {
				fputs("<strong>", out);
				html(out, rule->title);
				fputs(_("</strong>: "), out);
			}
			html(out, rule->policy);
			if (rule->reference) {
				fputs(_("<span class=\"ref\"> ("), out);
				html(out, rule->reference);
				fputs(_(")</span>"), out);
			}
			fputs("</p>", out);
		}
		fputs("</li>\n", out);
	}
	for (size_t k = 0; k < s->claimed_deduction_count; k++) {
		const deduction *d = &s->claimed_deductions[k];
		fputs(_("<li class=\"claimed\"><span class=\"tag\">report deducts</span> <span class=\"points\">"), out);
		if (d->has_points) {
			/* TRANSLATORS: before the points a claimed deduction takes off ("-0.5 points"). */
			fputs(_("-"), out);
			score_text(out, true, d->points);
			/* TRANSLATORS: after a number of points ("-0.5 points"). */
			fputs(_(" points"), out);
		} else {
			fputs(_("no points given"), out);
		}
		fputs("</span> ", out);
		html_or(out, d->reason, _("(no reason written)"));
		if (d->fix) {
			fputs(_("\n<p class=\"fix\"><span class=\"k\">corrective action</span>"), out);
			html(out, d->fix);
			fputs("</p>", out);
		}
		fputs("</li>\n", out);
	}
	if (s->formula) {
		fputs(_("<li class=\"formula\"><span class=\"tag\">scoring formula</span> "), out);
		html(out, s->formula);
		fputs("</li>\n", out);
	}
	for (size_t k = 0; k < s->unverified_count; k++) {
		fputs(_("<li class=\"formula\"><span class=\"tag\">could not verify</span> "), out);
		html(out, s->unverified[k].reason ? s->unverified[k].reason : _("(no reason given)"));
		fputs(" <code>", out);
		html(out, s->unverified[k].rule);
		fputs("</code></li>\n", out);
	}
	fputs("</ul></td></tr>\n", out);
}

static void write_scores(const printer *p, FILE *out, size_t doc, const doc_result *r)
{
	fputs(_("<h3 class=\"part\">1. Scores</h3>\n"), out);
	if (!r->has_scores || r->indicator_count == 0) {
		fputs(_("<p class=\"empty\">The report has no score sheet (scores.indicators).</p>\n"), out);
		return;
	}
	fputs(_("<table class=\"scores\">\n<thead><tr><th scope=\"col\">Indicator</th>"
	        "<th scope=\"col\" class=\"num\">Max</th><th scope=\"col\" class=\"num\">Claimed</th>"
	        "<th scope=\"col\" class=\"num\">Computed</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n"),
	      out);
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *s = &r->indicators[i];
		int depth = s->depth < 0 ? 0 : s->depth > 8 ? 8 : s->depth;
		fprintf(out, "<tr class=\"indicator %s depth-%d\"><th scope=\"row\" class=\"name\">",
		        status_class(s->status), depth);
		html(out, s->name);
		fputs("</th><td class=\"num\">", out);
		score_text(out, s->has_max, s->max);
		fputs("</td><td class=\"num\">", out);
		score_text(out, s->has_claimed, s->claimed);
		fputs("</td><td class=\"num computed\">", out);
		score_text(out, s->has_computed, s->computed);
		fprintf(out, "</td><td class=\"status\"><span class=\"status %s\">%s</span>",
		        status_class(s->status), fmt_status_label(s->status));
		if (s->data_path) {
			size_t base = strlen(s->data_path);
			if (base > 6 && !strcmp(s->data_path + base - 6, ".score"))
				base -= 6;
			for (size_t k = 0; k < r->finding_count; k++)
				if (about_indicator(r->findings[k].path, s->data_path, base)) {
					fputs(" ", out);
					finding_link(out, doc, r, &r->findings[k]);
				}
		}
		fputs("</td></tr>\n", out);
		if (s->deduction_count || s->claimed_deduction_count || s->formula ||
		    s->unverified_count)
			write_deductions(p, out, doc, r, s);
	}
	fputs(_("</tbody>\n<tfoot>\n<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\">"), out);
	score_text(out, true, r->total_max);
	fputs("</td><td class=\"num\">", out);
	score_text(out, r->has_total_claimed, r->total_claimed);
	fputs("</td><td class=\"num computed\">", out);
	score_text(out, r->has_total_computed, r->total_computed);
	fputs("</td><td class=\"status\">", out);
	const finding *total = fmt_finding_at(r, "scores.total");
	if (total)
		finding_link(out, doc, r, total);
	fputs(_("</td></tr>\n<tr class=\"grade\"><th scope=\"row\">Grade</th><td class=\"num\"></td>"
	        "<td class=\"num\">"), out);
	html_or(out, r->grade_claimed, "—");
	fputs("</td><td class=\"num computed\">", out);
	html_or(out, r->grade_computed, "—");
	fputs("</td><td class=\"status\">", out);
	const finding *grade = fmt_finding_at(r, "scores.grade");
	if (grade)
		finding_link(out, doc, r, grade);
	fputs("</td></tr>\n</tfoot>\n</table>\n", out);
	fputs(_("<p class=\"legend\">“ok”: the score the rules compute equals the claimed score; "
	        "“mismatch”: they differ, see the findings; “unverified”: no rule covers the "
	        "indicator, or a rule could not check it (its data is missing: see the reasons "
	        "listed), and the claimed score stands.</p>\n"), out);
}

static void budget_row(FILE *out, size_t doc, const doc_result *r, const fmt_budget_row *row)
{
	fprintf(out, "<tr><th scope=\"row\">%s</th><td class=\"num\">", _(row->label));
	if (row->cell == FMT_CELL_VALUE) {
		fmt_amount(out, row->value);
		fputs(row->percent ? "%" : "", out);
	} else {
		fprintf(out, "<span class=\"none\">%s</span>", row->cell == FMT_CELL_BLANK ? _("not filled in") : "—");
	}
	fputs("</td><td class=\"note\">", out);
	if (row->note)
		html(out, _(row->note));
	if (row->field) {
		char path[64];
		snprintf(path, sizeof path, "budget.%s", row->field);
		const finding *f = fmt_finding_at(r, path);
		if (f) {
			finding_link(out, doc, r, f);
			fputs(" ", out);
			html(out, f->message);
		}
	}
	fputs("</td></tr>\n", out);
}

static void write_budget(FILE *out, size_t doc, const doc_result *r)
{
	const budget_summary *b = &r->budget;
	fputs(_("<h3 class=\"part\">2. Budget execution</h3>\n"), out);
	if (!b->present) {
		fputs(_("<p class=\"empty\">The report has no budget execution data (budget).</p>\n"), out);
		return;
	}
	fputs(_("<table class=\"budget\">\n<caption>Amounts in: "), out);
	html_or(out, b->currency, _("(not stated)"));
	fputs(_("</caption>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">Value</th>"
	        "<th scope=\"col\">Notes</th></tr></thead>\n<tbody>\n"), out);
	fmt_budget_row rows[FMT_BUDGET_ROWS];
	size_t n = fmt_budget_rows(b, rows);
	for (size_t i = 0; i < n; i++)
		budget_row(out, doc, r, &rows[i]);
	fputs("</tbody>\n</table>\n", out);
}

static void write_targets(FILE *out, const doc_result *r)
{
	fputs(_("<h3 class=\"part\">3. Performance targets</h3>\n"), out);
	if (r->target_count == 0) {
		fputs(_("<p class=\"empty\">The report lists no performance targets (targets).</p>\n"), out);
		return;
	}
	fputs(_("<table class=\"targets\">\n<thead><tr><th scope=\"col\" class=\"num\">No.</th>"
	        "<th scope=\"col\">Target</th><th scope=\"col\">Target value</th><th scope=\"col\">Actual value</th>"
	        "<th scope=\"col\">Unit</th><th scope=\"col\">Claimed status</th><th scope=\"col\">Computed</th>"
	        "<th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n"),
	      out);
	for (size_t i = 0; i < r->target_count; i++) {
		const target_summary *t = &r->targets[i];
		const char *met = t->met > 0 ? "met" : t->met == 0 ? "not-met" : "unknown";
		fprintf(out, "<tr class=\"target-%s\"><td class=\"num\">%zu</td><td class=\"name\">", met,
		        i + 1);
		html_or(out, t->name, _("(unnamed)"));
		if (t->indicator || t->line > 0 || t->has_points || t->has_score) {
			fputs("<span class=\"sub\">", out);
			if (t->indicator) {
				fputs(_("under "), out);
				html(out, t->indicator);
			}
			if (t->has_points) {
				fputs(_(" · points "), out);
				score_text(out, true, t->points);
			}
			if (t->has_score) {
				fputs(_(" · claimed score "), out);
				score_text(out, true, t->score);
			}
			if (t->line > 0)
				fprintf(out, _(" · line %d"), t->line);
			fputs("</span>", out);
		}
		fputs("</td><td class=\"value\">", out);
		html_or(out, t->target, "<span class=\"none\">—</span>");
		fputs("</td><td class=\"value\">", out);
		html_or(out, t->actual, t->actual_blank ? _("<span class=\"none\">not filled in</span>")
		                                        : _("<span class=\"none\">not reported</span>"));
		fputs("</td><td class=\"value\">", out);
		html_or(out, t->unit, "");
		fputs("</td><td class=\"value\">", out);
		target_status_html(out, t->status);
		fprintf(out, "</td><td class=\"result\"><span class=\"%s\">%s</span></td><td class=\"reason\">",
		        met, t->met > 0 ? _("met") : t->met == 0 ? _("not met") : _("cannot tell"));
		html_or(out, t->reason, "");
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void write_finding(const printer *p, FILE *out, size_t doc, const doc_result *r,
                          const finding *f)
{
	fprintf(out, "<li class=\"finding sev-%s%s\" id=\"doc-%zu-f-%zu\">\n<p class=\"message\">",
	        severity_class(f->severity), f->waived ? " waived" : "", doc,
	        (size_t)(f - r->findings) + 1);
	fprintf(out, "<span class=\"badge sev-%s\">%s</span> ", severity_class(f->severity),
	        severity_label(f->severity));
	if (f->waived)
		fputs(_("<span class=\"badge waived\">waived</span> "), out);
	if (f->has_points) {
		fputs(_("<span class=\"points\">-"), out);
		score_text(out, true, f->points);
		fputs(_(" points</span> "), out);
	}
	html(out, f->message);
	fputs("</p>\n<p class=\"where\"><code class=\"rule\">", out);
	html(out, f->rule);
	fputs("</code>", out);
	const rule_decl *rule = p->options.rules && f->rule ? ruleset_find(p->options.rules, f->rule)
	                                                   : NULL;
	if (rule && rule->title) {
		fputs(" ", out);
		html(out, rule->title);
	}
	if (f->path) {
		fputs(" · <code>", out);
		html(out, f->path);
		fputs("</code>", out);
	}
	fmt_line_column(out, f);
	if (f->where) {
		fputs(" · ", out);
		html(out, f->where);
	}
	if (f->indicator) {
		fputs(_(" · indicator "), out);
		html(out, f->indicator);
	}
	if (f->source) {
		fputs(_(" · rule at <code>"), out);
		html(out, f->source);
		fputs("</code>", out);
	}
	fputs("</p>\n", out);
	if (f->waived) {
		fputs(_("<p class=\"waiver\"><span class=\"k\">waived because</span>"), out);
		html_or(out, f->waiver_reason, _("(not written)"));
		fputs(_(" · approved by "), out);
		html_or(out, f->waiver_approved_by, _("(not written)"));
		fputs(_(" · expires "), out);
		html_or(out, f->waiver_expires, _("(not written)"));
		fputs("</p>\n", out);
	}
	if (f->line > 0)
		quote_line(out, &((const fmt_page *)p->state)->source, f->line, f->column);
	fputs("</li>\n", out);
}

static void write_findings(const printer *p, FILE *out, size_t doc, const doc_result *r)
{
	fprintf(out, _("<h3 class=\"part\" id=\"doc-%zu-findings\">4. Findings</h3>\n"), doc);
	if (r->finding_count == 0) {
		fputs(_("<p class=\"empty good\">No problems found.</p>\n"), out);
		return;
	}
	fmt_group groups[4];
	size_t n = fmt_finding_groups(r, groups);
	for (size_t g = 0; g < n; g++) {
		if (groups[g].waived)
			fprintf(out, _("<h4 class=\"waived\">Waived (%zu, approved in the project configuration, not "
			               "counted as errors or warnings)</h4>\n"
			               "<ul class=\"findings\">\n"), groups[g].count);
		else
			fprintf(out, _("<h4 class=\"sev-%s\">%s (%zu)</h4>\n<ul class=\"findings\">\n"),
			        severity_class(groups[g].severity), severity_label(groups[g].severity),
			        groups[g].count);
		for (size_t i = 0; i < r->finding_count; i++)
			if (fmt_in_group(&r->findings[i], &groups[g]))
				write_finding(p, out, doc, r, &r->findings[i]);
		fputs("</ul>\n", out);
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

static void html_begin(printer *p)
{
	fmt_page_free(p->state);
	p->state = fmt_page_new();
}

static void html_document(printer *p, const doc_result *r)
{
	fmt_page *page = page_of(p);
	p->first = false;
	size_t doc = fmt_page_add(page, r);
	FILE *out = page->body;
	fprintf(out, "<section class=\"document\" id=\"doc-%zu\" aria-labelledby=\"doc-%zu-title\">\n", doc,
	        doc);
	write_header(p, out, doc, r);
	write_summary(out, doc, r);
	write_scores(p, out, doc, r);
	write_budget(out, doc, r);
	write_targets(out, r);
	write_findings(p, out, doc, r);
	fputs("</section>\n", out);
}

/* ---- the page ----------------------------------------------------------------- */

static const char style[] =
	":root{color-scheme:light}\n"
	"*{box-sizing:border-box}\n"
	"html{font-family:\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\","
	"\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif;color:#1f2328;background:#fff;"
	"line-height:1.6;-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0 auto;max-width:1120px;padding:28px 36px 48px;font-size:15px}\n"
	"code,pre{font-family:\"SFMono-Regular\",Menlo,Consolas,\"Liberation Mono\",\"Noto Sans Mono CJK SC\","
	"\"Microsoft YaHei\",\"Noto Sans CJK SC\",monospace;font-size:.92em}\n"
	"a{color:#0b57d0}\n"
	".page-header{border-bottom:3px solid #8b1a1a;padding-bottom:10px;margin-bottom:20px}\n"
	".page-header h1{font-size:26px;margin:0;letter-spacing:.05em}\n"
	".page-header p{margin:4px 0 0;color:#57606a;font-size:13px}\n"
	"h2{font-size:24px;margin:0;line-height:1.35}\n"
	"h3{font-size:17px;margin:0}\n"
	"h3.part{margin:28px 0 8px;padding-left:10px;border-left:4px solid #8b1a1a}\n"
	"h4{font-size:15px;margin:16px 0 6px}\n"
	".document{margin-bottom:48px}\n"
	".document+.document{border-top:1px dashed #d0d7de;padding-top:32px}\n"
	".doc-header .kicker{margin:0 0 2px;color:#8b1a1a;font-size:13px;letter-spacing:.08em}\n"
	".doc-header .subtitle{margin:4px 0 12px;font-size:16px;color:#24292f}\n"
	".meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:4px 24px;"
	"margin:0;padding:10px 14px;border:1px solid #d0d7de;border-radius:6px;font-size:13px}\n"
	".meta div{display:flex;gap:8px;min-width:0}\n"
	".meta dt{color:#57606a;white-space:nowrap}\n"
	".meta dd{margin:0;overflow-wrap:anywhere}\n"
	".summary{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin:16px 0 4px}\n"
	".card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px}\n"
	".card h3{font-size:13px;font-weight:normal;color:#57606a}\n"
	".card.bad{border-color:#cf222e;border-width:2px}\n"
	".card p{margin:2px 0}\n"
	".card .big{font-size:24px;font-variant-numeric:tabular-nums}\n"
	".card .of{color:#57606a}\n"
	".card .k{display:inline-block;min-width:2.5em;color:#57606a;font-size:13px}\n"
	".card .counts a{color:inherit;text-decoration:none}\n"
	".card .counts span{margin-right:10px}\n"
	".card .counts strong{font-size:20px}\n"
	".card .note{font-size:12px;color:#57606a}\n"
	"table{border-collapse:collapse;width:100%;margin:6px 0 8px;font-size:14px}\n"
	"caption{caption-side:top;text-align:right;font-size:12px;color:#57606a;padding-bottom:2px}\n"
	"th,td{border:1px solid #d0d7de;padding:5px 9px;text-align:left;vertical-align:top}\n"
	"thead th{background:#f3f4f6;font-weight:600;white-space:nowrap}\n"
	"tbody th{font-weight:normal}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	".none{color:#8c959f}\n"
	".scores .name{white-space:nowrap}\n"
	".scores td.num{width:6.5em}\n"
	".scores td.status{width:8.5em;white-space:nowrap}\n"
	".scores tr.depth-0 .name{font-weight:600}\n"
	".scores tr.depth-1 .name{padding-left:2.2em}\n"
	".scores tr.depth-2 .name{padding-left:3.8em}\n"
	".scores tr.depth-3 .name{padding-left:5.4em}\n"
	".scores tr.depth-4 .name,.scores tr.depth-5 .name,.scores tr.depth-6 .name,"
	".scores tr.depth-7 .name,.scores tr.depth-8 .name{padding-left:7em}\n"
	".scores tr.mismatch{background:#fff0f0}\n"
	".scores tr.mismatch .name{border-left:4px solid #cf222e}\n"
	".scores tr.mismatch .computed{color:#a40e26;font-weight:700}\n"
	".scores tfoot th,.scores tfoot td{font-weight:600;border-top:2px solid #8c959f}\n"
	".scores tfoot tr.grade th,.scores tfoot tr.grade td{border-top:1px solid #d0d7de}\n"
	"span.status{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;"
	"border:1px solid currentColor;white-space:nowrap}\n"
	"span.status.ok{color:#1a7f37}\n"
	"span.status.mismatch{color:#a40e26;font-weight:700}\n"
	"span.status.unverified{color:#6e7781}\n"
	"tr.details td{border-top:none;padding:2px 9px 8px 3.8em;background:#fbfbfc;font-size:13px}\n"
	".deductions{margin:0;padding:0;list-style:none}\n"
	".deductions li{margin:3px 0}\n"
	".tag{display:inline-block;padding:0 5px;border-radius:3px;font-size:12px;"
	"border:1px solid #afb8c1;color:#424a53;white-space:nowrap}\n"
	".by-rule .tag{border-color:#0969da;color:#0550ae}\n"
	".points{font-weight:600;white-space:nowrap}\n"
	"code.rule{color:#57606a}\n"
	".policy,.fix{margin:2px 0 0 1.2em;color:#424a53}\n"
	".policy .k,.fix .k{color:#57606a;margin-right:.5em;font-size:12px}\n"
	".policy .ref{color:#6e7781}\n"
	".legend{font-size:12px;color:#57606a;margin:0}\n"
	".budget{width:auto;min-width:60%}\n"
	".budget th[scope=row]{white-space:nowrap}\n"
	".budget td.note{font-size:13px;color:#424a53}\n"
	".targets td{font-size:13.5px}\n"
	".targets .sub{display:block;font-size:12px;color:#6e7781}\n"
	".targets .reason{font-size:12.5px;color:#424a53;min-width:10em}\n"
	".targets tr.target-not-met{background:#fff8e6}\n"
	".targets tr.target-not-met td:first-child{border-left:4px solid #d4a72c}\n"
	".targets td.value,.targets td.result{white-space:nowrap}\n"
	".targets .name{min-width:9em}\n"
	".met{color:#1a7f37}\n"
	".not-met{color:#a40e26;font-weight:600}\n"
	".unknown{color:#9a6700}\n"
	".empty{color:#57606a}\n"
	".good{color:#1a7f37}\n"
	".sev-error{color:#a40e26}\n"
	".sev-warning{color:#9a6700}\n"
	".sev-info{color:#0550ae}\n"
	".findings{list-style:none;margin:0;padding:0}\n"
	".finding{border:1px solid #d0d7de;border-left-width:4px;border-radius:4px;padding:6px 12px;"
	"margin:0 0 8px;color:#1f2328}\n"
	".finding.sev-error{border-left-color:#cf222e}\n"
	".finding.sev-warning{border-left-color:#d4a72c}\n"
	".finding.sev-info{border-left-color:#218bff}\n"
	".finding p{margin:2px 0}\n"
	".finding.waived{border-left-color:#8c959f;color:#57606a}\n"
	".badge.waived{color:#57606a}\n"
	"h4.waived{color:#57606a}\n"
	".waiver{font-size:12.5px}\n"
	".waiver .k{color:#57606a;margin-right:.5em}\n"
	".finding .where{font-size:13px;color:#57606a;overflow-wrap:anywhere}\n"
	".badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;border:1px solid currentColor}\n"
	"a.flag{display:inline-block;padding:0 5px;border-radius:3px;font-size:11.5px;"
	"border:1px solid currentColor;text-decoration:none;white-space:nowrap}\n"
	"pre.source{margin:6px 0 2px;padding:6px 10px;background:#f6f8fa;border:1px solid #e1e4e8;"
	"border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere;color:#24292f}\n"
	"pre.source .ln{display:inline-block;min-width:3em;color:#8c959f;user-select:none}\n"
	"pre.source mark{background:#fff1a8;color:inherit;border-bottom:2px solid #d4a72c}\n"
	".index{margin-bottom:40px}\n"
	".index h2{font-size:20px;margin-bottom:6px}\n"
	".ranking td.errors{color:#a40e26;font-weight:700}\n"	".ranking td{white-space:nowrap}\n"
	".ranking td.unit,.ranking td.file{white-space:normal;overflow-wrap:anywhere}\n"
	".page-footer{margin-top:32px;padding-top:8px;border-top:1px solid #d0d7de;font-size:12px;"
	"color:#6e7781}\n"
	"@page{size:A4;margin:14mm 12mm 16mm}\n"
	"@media print{\n"
	"html{font-size:10pt}\n"
	"body{max-width:none;padding:0;font-size:10pt}\n"
	"a{color:inherit;text-decoration:none}\n"
	".document+.document,.index+.document{page-break-before:always;break-before:page}\n"
	".page-header+.document{page-break-before:auto;break-before:auto}\n"
	".document+.document{border-top:none;padding-top:0}\n"
	"table{font-size:9.5pt}\n"
	".targets td{font-size:9pt}\n"
	".targets td.value,.ranking td{white-space:normal}\n"
	"thead{display:table-header-group}\n"
	"tr,.card,.finding,pre.source{page-break-inside:avoid;break-inside:avoid}\n"
	"h3.part,h4{page-break-after:avoid;break-after:avoid}\n"
	"pre.source,tr.details td{background:#fff}\n"
	".summary{grid-template-columns:repeat(3,1fr)}\n"
	"}\n"
	"@media screen and (max-width:720px){body{padding:16px}.summary{grid-template-columns:1fr}"
	".scores .name{white-space:normal}}\n";

static void write_head(const printer *p, const fmt_page *page, FILE *out)
{
	/* TRANSLATORS: the lang attribute of the HTML report: your language's tag. */
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", _("en"));
	fputs(
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"pevcheck ", out);
	html(out, p->options.version);
	fputs("\">\n<title>", out);
	if (page->doc_count == 1) {
		html_or(out, page->docs[0].unit, _("(unit not given)"));
		if (page->docs[0].has_year)
			/* TRANSLATORS: the year after the unit in the page title. */
			fprintf(out, _(" %ld"), page->docs[0].year);
		fputs(_(": performance self-evaluation report check"), out);
	} else {
		fprintf(out, _("Performance self-evaluation report check (%zu reports)"), page->doc_count);
	}
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

static void write_index(FILE *out, const fmt_page *page, const run_summary *s)
{
	fmt_ranked *ranked = fmt_page_ranking(page);

	fputs(_("<section class=\"index\" id=\"index\">\n<h2>Ranking</h2>\n<p>"), out);
	char files[64], documents[64];
	fprintf(out, _("Checked %s (%s): errors %zu, warnings %zu, info %zu"),
	        i18n_count(files, sizeof files, ngettext("%zu file", "%zu files", s->files), s->files),
	        i18n_count(documents, sizeof documents,
	                   ngettext("%zu report", "%zu reports", s->documents), s->documents),
	        s->errors, s->warnings, s->infos);
	if (s->waived)
		fprintf(out, _(", waived %zu"), s->waived);
	fputs(_(". Ranked by the total the rules compute, highest first; click a unit's name for the details of its report.</p>\n"), out);
	fputs(_("<table class=\"ranking\">\n<thead><tr><th scope=\"col\" class=\"num\">Rank</th>"
	        "<th scope=\"col\">Unit</th><th scope=\"col\" class=\"num\">Year</th>"
	        "<th scope=\"col\">Kind</th><th scope=\"col\">Data file</th>"
	        "<th scope=\"col\" class=\"num\">Computed total</th><th scope=\"col\" class=\"num\">Claimed total</th>"
	        "<th scope=\"col\">Grade</th><th scope=\"col\" class=\"num\">Errors</th>"
	        "<th scope=\"col\" class=\"num\">Warnings</th><th scope=\"col\" class=\"num\">Info</th></tr></thead>\n"
	        "<tbody>\n"),
	      out);
	for (size_t i = 0; i < page->doc_count; i++) {
		const fmt_doc *d = ranked[i].doc;
		fputs("<tr><td class=\"num\">", out);
		if (d->has_total_computed)
			fprintf(out, "%zu", ranked[i].rank);
		else
			fputs("<span class=\"none\">—</span>", out);
		fprintf(out, "</td><td class=\"unit\"><a href=\"#doc-%zu\">", d->number);
		html_or(out, d->unit, _("(unit not given)"));
		fputs("</a>", out);
		if (d->project) {
			fputs("<br><span class=\"none\">", out);
			html(out, d->project);
			fputs("</span>", out);
		}
		fputs("</td><td class=\"num\">", out);
		if (d->has_year)
			fprintf(out, "%ld", d->year);
		fputs("</td><td>", out);
		kind_html(out, d->kind);
		fputs("</td><td class=\"file\"><code>", out);
		html(out, d->file);
		fputs("</code>", out);
		if (d->document > 0)
			fprintf(out, " #%d", d->document);
		fputs("</td><td class=\"num\"><strong>", out);
		score_text(out, d->has_total_computed, d->total_computed);
		fputs("</strong></td><td class=\"num\">", out);
		score_text(out, d->has_total_claimed, d->total_claimed);
		fputs("</td><td>", out);
		html_or(out, d->grade_computed, "—");
		fprintf(out, "</td><td class=\"num%s\">%zu</td><td class=\"num\">%zu</td>"
		             "<td class=\"num\">%zu</td></tr>\n",
		        d->errors ? " errors" : "", d->errors, d->warnings, d->infos);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
	free(ranked);
}

static void html_end(printer *p, const run_summary *s)
{
	FILE *out = p->options.out;
	fmt_page *page = page_of(p);
	fmt_page_close_body(page);
	write_head(p, page, out);
	fputs(_("<header class=\"page-header\">\n<h1>Performance self-evaluation report check</h1>\n<p>"), out);
	fprintf(out,
	        ngettext("%zu report · errors %zu · warnings %zu · info %zu",
	                 "%zu reports · errors %zu · warnings %zu · info %zu", s->documents),
	        s->documents, s->errors, s->warnings, s->infos);
	if (s->waived)
		fprintf(out, _(" · waived %zu"), s->waived);
	if (p->options.checked_at) {
		fputs(_(" · checked at "), out);
		html(out, p->options.checked_at);
	}
	fputs("</p>\n</header>\n", out);
	if (page->doc_count > 1)
		write_index(out, page, s);
	if (page->doc_count == 0)
		fputs(_("<p class=\"empty\">No report was checked.</p>\n"), out);
	fwrite(page->body_data, 1, page->body_size, out);
	fputs(_("<footer class=\"page-footer\">Made by pevcheck "), out);
	html(out, p->options.version);
	fputs(_(": the scores are computed again by the rules and compared item by item with the "
	        "claimed scores; the policy behind each deduction is under its “policy”."),
	      out);
	fputs("</footer>\n</body>\n</html>\n", out);
	fmt_page_free(page);
	p->state = NULL;
}

void fmt_html_init(printer *p)
{
	p->begin = html_begin;
	p->document = html_document;
	p->end = html_end;
}

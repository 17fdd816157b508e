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
 * together at the end.  Computes nothing; see fmt_html.c for the same shape.
 */
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "fmt.h"
#include "rules.h"
#include "base_i18n.h"

#define SOURCE_MAX_BYTES (64u << 20) /* larger data files are not quoted */
#define QUOTE_MAX_CHARS 240          /* a longer line is shown around its column */
#define REPLACEMENT "\xEF\xBF\xBD"    /* U+FFFD */

/* ---- text --------------------------------------------------------------------- */

/* Decode the UTF-8 sequence at s (at most len bytes) into *cp; its length,
 * or 0 when it is not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t len, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n;
	unsigned min;
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	unsigned c = s[0] & (0x7Fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Controls (other than tab and line breaks), C1 controls, noncharacters. */
static bool forbidden(unsigned cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Markdown text, inline: safe in a table cell, a list item or a heading. */
static void md_write(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned cp;
		size_t n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n == 0) {
			fputs(REPLACEMENT, out);
			p++;
			continue;
		}
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
		case '$': case '#':
			fputc('\\', out);
			fputc((int)cp, out);
			break;
		case '\t': fputc(' ', out); break;
		case '\r':
			if (p + 1 < end && p[1] == '\n')
				break; /* the \n that follows makes the break */
			/* fall through */
		case '\n': fputs("<br>", out); break;
		default:
			if (forbidden(cp))
				fputs(REPLACEMENT, out);
			else
				fwrite(p, 1, n, out);
		}
		p += n;
	}
}

static void md(FILE *out, const char *s)
{
	if (s)
		md_write(out, s, strlen(s));
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

/* The characters of a code span or fence: line breaks become spaces where
 * `one_line`, bytes that are not UTF-8 and forbidden characters U+FFFD. */
static void code_write(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned cp;
		size_t n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n == 0) {
			fputs(REPLACEMENT, out);
			p++;
			continue;
		}
		if (cp == '\n' || cp == '\r')
			fputc(' ', out);
		else if (forbidden(cp))
			fputs(REPLACEMENT, out);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
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

/* An amount as the report would print it: "383,506.13". */
static void amount_text(FILE *out, decimal d)
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

static void kind_md(FILE *out, const char *kind)
{
	if (kind && !strcmp(kind, "department"))
		fputs(_("department-wide expenditure"), out);
	else if (kind && !strcmp(kind, "project"))
		fputs(_("project expenditure"), out);
	else
		md_or(out, kind, _("kind not given"));
}

static const char *status_label(enum indicator_status s)
{
	switch (s) {
	case IND_OK: return _("ok");
	case IND_MISMATCH: return _("**mismatch**");
	default: return _("unverified");
	}
}

static void target_status_md(FILE *out, const char *status)
{
	if (!status)
		fputs(_("not given"), out);
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

typedef struct source_line {
	size_t start, length;
} source_line;

typedef struct source_file {
	char *name; /* the file this is, even when it could not be read */
	char *text;
	source_line *lines;
	size_t line_count;
} source_file;

static void source_clear(source_file *s)
{
	free(s->name);
	free(s->text);
	free(s->lines);
	memset(s, 0, sizeof *s);
}

/* Length of the YAML line break at p (\r\n, \r, \n, NEL, LS, PS), or 0. */
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

/* Read the whole file into *s, once: quietly nothing when it is not a
 * readable regular file. */
static void source_load(source_file *s, const char *name)
{
	if (s->name && name && !strcmp(s->name, name))
		return;
	source_clear(s);
	s->name = xstrdup(name);
	if (!name)
		return;
	size_t got;
	char *text = fs_read_file(name, 0, SOURCE_MAX_BYTES, &got, NULL);
	if (!text)
		return;

	size_t capacity = 64, count = 0;
	source_line *lines = xmalloc(capacity * sizeof *lines);
	const char *p = text, *end = text + got, *start = text;
	if (got >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		p = start = text + 3;
	for (;;) {
		size_t brk = p < end ? line_break(p, end) : 0;
		if (p < end && !brk) {
			p++;
			continue;
		}
		if (count == capacity) {
			lines = xrealloc(lines, (capacity *= 2) * sizeof *lines);
		}
		lines[count++] = (source_line){ (size_t)(start - text), (size_t)(p - start) };
		if (p >= end)
			break;
		p += brk;
		start = p;
	}
	s->text = text;
	s->lines = lines;
	s->line_count = count;
}

/* Byte offset of character number `chars` (0-based) in text, or length. */
static size_t char_offset(const char *text, size_t length, size_t chars)
{
	size_t i = 0;
	for (size_t seen = 0; i < length && seen < chars; seen++) {
		unsigned cp;
		size_t n = utf8_decode((const unsigned char *)text + i, length - i, &cp);
		i += n ? n : 1;
	}
	return i;
}

/* The line as a fenced block inside a list item (indented two spaces);
 * a very long line is cut to a window around the column. */
static void quote_line(FILE *out, const source_file *s, int line, int column)
{
	if (!s->text || line < 1 || (size_t)line > s->line_count)
		return;
	const char *text = s->text + s->lines[line - 1].start;
	size_t length = s->lines[line - 1].length, from = 0, to = length;
	if (length > QUOTE_MAX_CHARS * 4) {
		size_t col = column > 0 ? (size_t)column - 1 : 0;
		from = char_offset(text, length, col > QUOTE_MAX_CHARS / 3 ? col - QUOTE_MAX_CHARS / 3 : 0);
		to = from + char_offset(text + from, length - from, QUOTE_MAX_CHARS);
	}
	size_t ticks = longest_backticks(text + from, to - from) + 1;
	if (ticks < 3)
		ticks = 3;
	fputs("\n  ", out);
	for (size_t i = 0; i < ticks; i++)
		fputc('`', out);
	fputs("yaml\n  ", out);
	if (from > 0)
		fputs("…", out);
	code_write(out, text + from, to - from);
	if (to < length)
		fputs("…", out);
	fputs("\n  ", out);
	for (size_t i = 0; i < ticks; i++)
		fputc('`', out);
	fputc('\n', out);
}

/* ---- the printer's state ------------------------------------------------------ */

typedef struct doc_entry {
	size_t number; /* in run order, from 1: the section's anchor */
	char *file, *kind, *unit, *project, *grade_computed;
	int document;
	bool has_year, has_total_computed, has_total_claimed;
	long year;
	decimal total_computed, total_claimed;
	size_t errors, warnings, infos;
} doc_entry;

/* The printer interface has no context pointer, and one printer runs per
 * process: its state lives here, created by begin() and freed by end(). */
static struct {
	FILE *body;
	char *body_data;
	size_t body_size;
	doc_entry *docs;
	size_t doc_count, doc_capacity;
	source_file source;
} page;

static void remember(const doc_result *r)
{
	if (page.doc_count == page.doc_capacity) {
		page.doc_capacity = page.doc_capacity ? page.doc_capacity * 2 : 16;
		page.docs = xrealloc(page.docs, page.doc_capacity * sizeof *page.docs);
	}
	page.docs[page.doc_count] = (doc_entry){
		.number = page.doc_count + 1,
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
	page.doc_count++;
}

static const finding *finding_at(const doc_result *r, const char *path)
{
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].path && !strcmp(r->findings[i].path, path))
			return &r->findings[i];
	return NULL;
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
	if (rs && (rs->name || rs->version)) {
		fputs(_("- rule set: "), out);
		md_or(out, rs->name, _("(unnamed)"));
		if (rs->version) {
			fputc(' ', out);
			md(out, rs->version);
		}
		fprintf(out, ngettext(" (%zu rule)\n", " (%zu rules)\n", rs->count), rs->count);
	}
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
	const finding *total = finding_at(r, "scores.total");
	if (total) {
		fprintf(out, _("%s: "), severity_label(total->severity));
		md(out, total->message);
	}
	fputs(_(" |\n| Grade | "), out);
	md_or(out, r->grade_claimed, "—");
	fputs(" | **", out);
	md_or(out, r->grade_computed, "—");
	fputs("** | ", out);
	const finding *grade = finding_at(r, "scores.grade");
	if (grade) {
		fprintf(out, _("%s: "), severity_label(grade->severity));
		md(out, grade->message);
	}
	fprintf(out, _(" |\n\nFindings: errors %zu, warnings %zu, info %zu"), result_count(r, SEV_ERROR),
	        result_count(r, SEV_WARNING), result_count(r, SEV_INFO));
	if (result_count_waived(r))
		fprintf(out, _(", and %zu waived"), result_count_waived(r));
	fputs(_("."), out);
	size_t unverified = 0;
	for (size_t i = 0; i < r->indicator_count; i++)
		unverified += r->indicators[i].status == IND_UNVERIFIED;
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

static void budget_row(FILE *out, const doc_result *r, const char *label, const char *field,
                       bool has, decimal value, const char *suffix)
{
	fprintf(out, "| %s | ", _(label));
	if (has) {
		amount_text(out, value);
		fputs(suffix, out);
	} else {
		fputs(_("not given"), out);
	}
	fputs(" | ", out);
	if (field) {
		char path[64];
		snprintf(path, sizeof path, "budget.%s", field);
		const finding *f = finding_at(r, path);
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
	if (b->has_initial)
		budget_row(out, r, N_("budget at the start of the year"), "initial", true, b->initial, "");
	budget_row(out, r, N_("full-year budget"), "planned", b->has_planned, b->planned, "");
	budget_row(out, r, N_("full-year expenditure"), "executed", b->has_executed, b->executed, "");
	budget_row(out, r, N_("budget execution rate (as reported)"), "execution_rate", b->has_rate, b->rate, "%");
	budget_row(out, r, N_("budget execution rate (computed: expenditure ÷ budget)"), NULL, b->has_rate_computed,
	           b->rate_computed, "%");
	budget_row(out, r, N_("carryover and balance at year end"), "carryover", b->has_carryover, b->carryover, "");
	budget_row(out, r, N_("returned to the treasury"), "returned", b->has_returned, b->returned, "");
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
		md_or(out, t->actual, _("not reported"));
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
	if (f->line > 0 && f->column > 0)
		fprintf(out, _(" · line %d, column %d"), f->line, f->column);
	else if (f->line > 0)
		fprintf(out, _(" · line %d"), f->line);
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
		quote_line(out, &page.source, f->line, f->column);
	fputc('\n', out);
}

static void write_findings(const printer *p, FILE *out, const doc_result *r)
{
	fputs(_("### 4. Findings\n\n"), out);
	if (r->finding_count == 0) {
		fputs(_("No problems found.\n\n"), out);
		return;
	}
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].line > 0) {
			source_load(&page.source, r->file);
			break;
		}
	static const enum severity order[] = { SEV_ERROR, SEV_WARNING, SEV_INFO };
	for (size_t o = 0; o < 3; o++) {
		size_t n = result_count(r, order[o]);
		if (n == 0)
			continue;
		fprintf(out, _("#### %s (%zu)\n\n"), severity_label(order[o]), n);
		for (size_t i = 0; i < r->finding_count; i++)
			if (r->findings[i].severity == order[o] && !r->findings[i].waived)
				write_finding(p, out, &r->findings[i]);
	}
	size_t waived = result_count_waived(r);
	if (waived) {
		fprintf(out, _("#### Waived (%zu, approved in the project configuration, not counted as errors or warnings)\n\n"), waived);
		for (size_t i = 0; i < r->finding_count; i++)
			if (r->findings[i].waived)
				write_finding(p, out, &r->findings[i]);
	}
}

static void md_begin(printer *p)
{
	(void)p;
	memset(&page, 0, sizeof page);
	page.body = xopen_memstream(&page.body_data, &page.body_size);
}

static void md_document(printer *p, const doc_result *r)
{
	if (!page.body)
		md_begin(p);
	p->first = false;
	remember(r);
	size_t doc = page.doc_count;
	FILE *out = page.body;
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

/* Descending computed total; documents without one last; input order on ties. */
static int compare_rank(const void *a, const void *b)
{
	const doc_entry *x = *(const doc_entry *const *)a, *y = *(const doc_entry *const *)b;
	if (x->has_total_computed != y->has_total_computed)
		return x->has_total_computed ? -1 : 1;
	if (x->has_total_computed) {
		int c = dec_cmp(y->total_computed, x->total_computed);
		if (c)
			return c;
	}
	return x->number < y->number ? -1 : x->number > y->number;
}

static void write_index(FILE *out, const run_summary *s)
{
	doc_entry **ranked = xmalloc(page.doc_count * sizeof *ranked);
	for (size_t i = 0; i < page.doc_count; i++)
		ranked[i] = &page.docs[i];
	qsort(ranked, page.doc_count, sizeof *ranked, compare_rank);

	char files[64], documents[64];
	fprintf(out, _("## Ranking\n\nChecked %s (%s); ranked by the total the rules compute, highest first.\n\n"),
	        i18n_count(files, sizeof files, ngettext("%zu file", "%zu files", s->files), s->files),
	        i18n_count(documents, sizeof documents,
	                   ngettext("%zu report", "%zu reports", s->documents), s->documents));
	fputs(_("| Rank | Unit | Year | Kind | Data file | Computed total | Claimed total | Grade | Errors | "
	        "Warnings | Info |\n"
	        "| ---: | --- | ---: | --- | --- | ---: | ---: | --- | ---: | ---: | ---: |\n"),
	      out);
	size_t rank = 0;
	for (size_t i = 0; i < page.doc_count; i++) {
		const doc_entry *d = ranked[i];
		/* Equal totals share a place (1, 2, 2, 4). */
		if (d->has_total_computed &&
		    (i == 0 || !ranked[i - 1]->has_total_computed ||
		     dec_cmp(ranked[i - 1]->total_computed, d->total_computed) != 0))
			rank = i + 1;
		if (d->has_total_computed)
			fprintf(out, "| %zu | [", rank);
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
	if (!page.body)
		md_begin(p);
	fclose(page.body);
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
	if (page.doc_count > 1)
		write_index(out, s);
	fwrite(page.body_data, 1, page.body_size, out);

	free(page.body_data);
	for (size_t i = 0; i < page.doc_count; i++) {
		doc_entry *d = &page.docs[i];
		free(d->file);
		free(d->kind);
		free(d->unit);
		free(d->project);
		free(d->grade_computed);
	}
	free(page.docs);
	source_clear(&page.source);
	memset(&page, 0, sizeof page);
}

void fmt_markdown_init(printer *p)
{
	p->begin = md_begin;
	p->document = md_document;
	p->end = md_end;
}

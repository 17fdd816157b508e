/*
 * fmt_json — the JSON object of SPEC §4, printed as results arrive so a run
 * over many files never holds them all.
 */
#include <string.h>

#include "fmt.h"
#include "fmt_shared.h"

/* Bytes that go out as they are: printable ASCII but the two JSON
 * specials, and valid UTF-8 other than the two JavaScript line breaks. */
static size_t plain_run(const char *s, size_t left)
{
	const char *p = s, *end = s + left;
	while (p < end) {
		unsigned char ch = (unsigned char)*p;
		if (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\') {
			p++;
			continue;
		}
		if (ch < 0x80)
			break;
		int32_t cp;
		size_t n = fmt_utf8_next(p, (size_t)(end - p), &cp);
		if (n == 0 || cp == 0x2028 || cp == 0x2029)
			break;
		p += n;
	}
	return (size_t)(p - s);
}

void json_write_string(FILE *out, const char *s)
{
	fputc('"', out);
	const char *p = s ? s : "", *end = p + strlen(p);
	while (p < end) {
		/* Write what needs no escaping in one call: most of a message. */
		size_t run = plain_run(p, (size_t)(end - p));
		if (run) {
			fwrite(p, 1, run, out);
			p += run;
			continue;
		}
		unsigned char ch = (unsigned char)*p;
		int32_t cp;
		if (ch == '"' || ch == '\\') {
			fputc('\\', out);
			fputc(ch, out);
			p++;
		} else if (ch < 0x20 || ch == 0x7F) {
			switch (ch) {
			case '\n': fputs("\\n", out); break;
			case '\r': fputs("\\r", out); break;
			case '\t': fputs("\\t", out); break;
			default: fprintf(out, "\\u%04x", ch); break;
			}
			p++;
		} else if (fmt_utf8_next(p, (size_t)(end - p), &cp) == 3) {
			/* U+2028 and U+2029: valid JSON, but not valid JavaScript */
			fprintf(out, "\\u%04x", (unsigned)cp);
			p += 3;
		} else {
			/* A rule may hand us bytes that are not UTF-8; JSON must
			 * stay valid, so they become U+FFFD. */
			fputs("\\ufffd", out);
			p++;
		}
	}
	fputc('"', out);
}

void json_write_decimal(FILE *out, decimal d)
{
	char buf[DEC_BUFSIZE];
	dec_format_trim(d, buf);
	fputs(buf, out);
}

static void key(FILE *out, const char *k)
{
	json_write_string(out, k);
	fputc(':', out);
}

/* Where in the form a finding of a report read from a form is (SPEC §5):
 * "cell" of a workbook; "table", "row", "col" of a Word table; "paragraph"
 * of a Word paragraph; and "where", the place as the preparer reads it. */
static void write_form_place(FILE *out, const finding *f)
{
	if (f->cell) {
		fputc(',', out);
		key(out, "cell");
		json_write_string(out, f->cell);
	}
	if (f->table)
		fprintf(out, ",\"table\":%u,\"row\":%u,\"col\":%u", f->table, f->row, f->col);
	if (f->paragraph)
		fprintf(out, ",\"paragraph\":%u", f->paragraph);
	if (f->where) {
		fputc(',', out);
		key(out, "where");
		json_write_string(out, f->where);
	}
}

static void write_deductions(FILE *out, const deduction *d, size_t n)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",{" : "{", out);
		bool comma = false;
		if (d[i].rule) {
			key(out, "rule");
			json_write_string(out, d[i].rule);
			comma = true;
		}
		if (d[i].has_points) {
			fputs(comma ? "," : "", out);
			key(out, "points");
			json_write_decimal(out, d[i].points);
			comma = true;
		}
		fputs(comma ? "," : "", out);
		key(out, "reason");
		json_write_string(out, d[i].reason);
		if (d[i].fix) {
			fputc(',', out);
			key(out, "fix");
			json_write_string(out, d[i].fix);
		}
		fputc('}', out);
	}
	fputc(']', out);
}

static void write_finding(FILE *out, const finding *f)
{
	fputc('{', out);
	key(out, "rule");
	json_write_string(out, f->rule);
	fputc(',', out);
	key(out, "severity");
	json_write_string(out, severity_name(f->severity));
	fputc(',', out);
	key(out, "message");
	json_write_string(out, f->message);
	if (f->path) {
		fputc(',', out);
		key(out, "path");
		json_write_string(out, f->path);
	}
	if (f->line > 0) {
		fprintf(out, ",\"line\":%d", f->line);
		if (f->column > 0)
			fprintf(out, ",\"column\":%d", f->column);
	}
	write_form_place(out, f);
	if (f->indicator) {
		fputc(',', out);
		key(out, "indicator");
		json_write_string(out, f->indicator);
	}
	if (f->has_points) {
		fputc(',', out);
		key(out, "points");
		json_write_decimal(out, f->points);
	}
	if (f->source) {
		fputc(',', out);
		key(out, "source");
		json_write_string(out, f->source);
	}
	if (f->waived) {
		fputs(",\"waived\":true,\"waiver\":{", out);
		key(out, "reason");
		json_write_string(out, f->waiver_reason);
		fputc(',', out);
		key(out, "approved_by");
		json_write_string(out, f->waiver_approved_by);
		fputc(',', out);
		key(out, "expires");
		json_write_string(out, f->waiver_expires);
		fputc('}', out);
	}
	fputc('}', out);
}

static void optional_decimal(FILE *out, const char *k, bool has, decimal d)
{
	key(out, k);
	if (has)
		json_write_decimal(out, d);
	else
		fputs("null", out);
}

static void write_scores(FILE *out, const doc_result *r)
{
	fputs(",\"scores\":{\"total\":{", out);
	optional_decimal(out, "max", r->indicator_count > 0, r->total_max);
	fputc(',', out);
	optional_decimal(out, "claimed", r->has_total_claimed, r->total_claimed);
	fputc(',', out);
	optional_decimal(out, "computed", r->has_total_computed, r->total_computed);
	fputs("},\"grade\":{", out);
	key(out, "claimed");
	if (r->grade_claimed)
		json_write_string(out, r->grade_claimed);
	else
		fputs("null", out);
	fputc(',', out);
	key(out, "computed");
	if (r->grade_computed)
		json_write_string(out, r->grade_computed);
	else
		fputs("null", out);
	fputs("},\"indicators\":[", out);
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *s = &r->indicators[i];
		fputs(i ? ",{" : "{", out);
		key(out, "path");
		json_write_string(out, s->path);
		fputc(',', out);
		optional_decimal(out, "max", s->has_max, s->max);
		fputc(',', out);
		optional_decimal(out, "claimed", s->has_claimed, s->claimed);
		fputc(',', out);
		optional_decimal(out, "computed", s->has_computed, s->computed);
		fputc(',', out);
		key(out, "status");
		json_write_string(out, indicator_status_name(s->status));
		fputc(',', out);
		key(out, "deductions");
		write_deductions(out, s->deductions, s->deduction_count);
		if (s->claimed_deduction_count) {
			fputc(',', out);
			key(out, "claimed_deductions");
			write_deductions(out, s->claimed_deductions, s->claimed_deduction_count);
		}
		if (s->formula) {
			fputc(',', out);
			key(out, "formula");
			json_write_string(out, s->formula);
		}
		if (s->unverified_count) {
			/* The rules that said they could not check it, and why. */
			fputc(',', out);
			key(out, "unverified_by");
			fputc('[', out);
			for (size_t k = 0; k < s->unverified_count; k++) {
				fputs(k ? ",{" : "{", out);
				key(out, "rule");
				json_write_string(out, s->unverified[k].rule);
				if (s->unverified[k].reason) {
					fputc(',', out);
					key(out, "reason");
					json_write_string(out, s->unverified[k].reason);
				}
				fputc('}', out);
			}
			fputc(']', out);
		}
		if (s->line > 0)
			fprintf(out, ",\"line\":%d", s->line);
		fputc('}', out);
	}
	fputs("]}", out);
}

static void optional_string(FILE *out, const char *k, const char *s)
{
	if (!s)
		return;
	fputc(',', out);
	key(out, k);
	json_write_string(out, s);
}

static void write_budget(FILE *out, const budget_summary *b)
{
	static const char *const bases[] = { "planned", "planned+opening_balance", "received" };
	fputs(",\"budget\":{", out);
	key(out, "currency");
	json_write_string(out, b->currency);
	for (int f = 0; f < BUDGET_FIELDS; f++) {
		if (!b->has[f])
			continue;
		fputc(',', out);
		key(out, budget_field_keys[f]);
		json_write_decimal(out, b->value[f]);
	}
	if (b->has_rate_computed) {
		fputc(',', out);
		key(out, "execution_rate_computed");
		json_write_decimal(out, b->rate_computed);
	}
	if (b->has_rate_computed || b->rate_base_missing) {
		fputc(',', out);
		key(out, "execution_rate_base");
		json_write_string(out, bases[b->rate_base]);
	}
	fputc('}', out);
}

static void write_targets(FILE *out, const doc_result *r)
{
	fputs(",\"targets\":[", out);
	for (size_t i = 0; i < r->target_count; i++) {
		const target_summary *t = &r->targets[i];
		fputs(i ? ",{" : "{", out);
		key(out, "name");
		json_write_string(out, t->name);
		optional_string(out, "indicator", t->indicator);
		optional_string(out, "target", t->target);
		optional_string(out, "actual", t->actual);
		optional_string(out, "unit", t->unit);
		optional_string(out, "status", t->status);
		fputc(',', out);
		key(out, "met");
		fputs(t->met < 0 ? "null" : t->met ? "true" : "false", out);
		if (t->has_points) {
			fputc(',', out);
			key(out, "points");
			json_write_decimal(out, t->points);
		}
		if (t->has_score) {
			fputc(',', out);
			key(out, "score");
			json_write_decimal(out, t->score);
		}
		optional_string(out, "reason", t->reason);
		if (t->line > 0)
			fprintf(out, ",\"line\":%d", t->line);
		fputc('}', out);
	}
	fputc(']', out);
}

static void json_begin(printer *p)
{
	FILE *out = p->options.out;
	fputs("{\"pevcheck\":", out);
	json_write_string(out, p->options.version);
	fputs(",\"files\":[", out);
}

static void json_document(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	fputs(p->first ? "\n{" : ",\n{", out);
	p->first = false;
	key(out, "path");
	json_write_string(out, r->file);
	if (r->document > 0)
		fprintf(out, ",\"document\":%d", r->document);
	fputc(',', out);
	key(out, "kind");
	if (r->kind)
		json_write_string(out, r->kind);
	else
		fputs("null", out);
	fputc(',', out);
	key(out, "unit");
	if (r->unit)
		json_write_string(out, r->unit);
	else
		fputs("null", out);
	if (r->project) {
		fputc(',', out);
		key(out, "project");
		json_write_string(out, r->project);
	}
	if (r->department) {
		fputc(',', out);
		key(out, "department");
		json_write_string(out, r->department);
	}
	if (r->framework) {
		/* SPEC §5: which framework scored the report, and why */
		fputc(',', out);
		key(out, "framework");
		fputc('{', out);
		key(out, "name");
		json_write_string(out, r->framework);
		fputc(',', out);
		key(out, "chosen_by");
		json_write_string(out, r->framework_chosen_by);
		if (r->framework_why) {
			fputc(',', out);
			key(out, "why");
			json_write_string(out, r->framework_why);
		}
		fputc('}', out);
	}
	if (r->blank_count) {
		fputc(',', out);
		key(out, "blank_cells");
		fprintf(out, "%zu", r->blank_count);
	}
	fputc(',', out);
	key(out, "year");
	if (r->has_year)
		fprintf(out, "%ld", r->year);
	else
		fputs("null", out);
	fputs(",\"findings\":[", out);
	for (size_t i = 0; i < r->finding_count; i++) {
		if (i)
			fputc(',', out);
		write_finding(out, &r->findings[i]);
	}
	fputc(']', out);
	if (r->has_scores)
		write_scores(out, r);
	if (r->budget.present)
		write_budget(out, &r->budget);
	if (r->target_count)
		write_targets(out, r);
	fputc('}', out);
}

static void json_end(printer *p, const run_summary *s)
{
	FILE *out = p->options.out;
	fprintf(out, "],\n\"summary\":{\"files\":%zu,\"documents\":%zu,\"errors\":%zu,"
	             "\"warnings\":%zu,\"infos\":%zu,\"waived\":%zu}}\n",
	        s->files, s->documents, s->errors, s->warnings, s->infos, s->waived);
}

void fmt_json_init(printer *p)
{
	p->begin = json_begin;
	p->document = json_document;
	p->end = json_end;
}

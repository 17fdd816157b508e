/*
 * fmt_junit — JUnit XML, the test report GitLab and Jenkins read.
 *
 * Every report document is a <testsuite>; every rule that applies to it is a
 * <testcase>, so the rules that passed are on record as well as the ones that
 * failed.  Each finding at or above --fail-on is a <failure> of its rule's
 * testcase (an <error> when the engine could not do its work: an unreadable
 * file, a rule that crashed); findings below it, and waived ones, are kept in
 * the testcase's <system-out>.  A rule the project configuration disabled
 * is a <skipped> testcase.  Findings of engine ids (pev.yaml, pev.format,
 * pev.score, ...) are testcases named after the id.
 *
 * Printed as documents arrive: nothing is kept from one document to the next.
 */
#include <string.h>

#include "fmt.h"
#include "fmt_shared.h"
#include "rules_catalog.h"

/* Write s as XML text, or as an attribute value when `attribute`: there a
 * newline or tab must be a character reference, or parsers fold it into a
 * space.  Characters XML 1.0 forbids (C0 controls other than tab, newline
 * and carriage return; U+FFFE, U+FFFF) and bytes that are not UTF-8 become
 * U+FFFD, so any message a rule writes still gives a well-formed file. */
static const char *xml_escape(int32_t cp, const char *next, const char *end, void *attribute)
{
	(void)next, (void)end;
	switch (cp) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&apos;";
	case '\r': return "&#13;";
	case '\n': return *(bool *)attribute ? "&#10;" : "\n";
	case '\t': return *(bool *)attribute ? "&#9;" : "\t";
	default: return cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF ? FMT_REPLACEMENT : NULL;
	}
}

static void xml_write(FILE *out, const char *s, bool attribute)
{
	s = s ? s : "";
	fmt_write_text(out, s, strlen(s), xml_escape, &attribute);
}

static void attribute(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	xml_write(out, value, true);
	fputc('"', out);
}

static void property(FILE *out, const char *name, const char *value)
{
	fputs("      <property", out);
	attribute(out, "name", name);
	attribute(out, "value", value);
	fputs("/>\n", out);
}

/* Ids whose findings mean the check itself could not be done. */
static bool engine_trouble(const char *id)
{
	return !strcmp(id, RULE_IO) || !strcmp(id, RULE_CRASH);
}

static bool fails(const printer *p, const finding *f)
{
	return !f->waived && p->options.fail_on != SEV_NONE && f->severity >= p->options.fail_on;
}

static bool has_findings(const doc_result *r, const char *id)
{
	for (size_t i = 0; i < r->finding_count; i++)
		if (!strcmp(r->findings[i].rule, id))
			return true;
	return false;
}

/* The testcases of a document, in the order they are printed: engine ids
 * (and any id that is not a loaded rule) as their findings first appear,
 * then the loaded rules in load order.  Calls visit(id, rule) for each. */
typedef void (*case_visitor)(printer *p, const doc_result *r, const char *id,
                             const rule_decl *rule, void *context);

static void each_case(printer *p, const doc_result *r, case_visitor visit, void *context)
{
	const rule_set *rs = p->options.rules;
	for (size_t i = 0; i < r->finding_count; i++) {
		const char *id = r->findings[i].rule;
		if (rs && ruleset_find(rs, id))
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(r->findings[k].rule, id);
		if (!seen)
			visit(p, r, id, NULL, context);
	}
	for (size_t i = 0; rs && i < ruleset_count(rs); i++) {
		const rule_decl *d = ruleset_rule(rs, i);
		if (rule_applies(d, r) || has_findings(r, d->id))
			visit(p, r, d->id, d, context);
	}
}

typedef struct case_counts {
	size_t tests, failures, errors, skipped;
} case_counts;

static void count_case(printer *p, const doc_result *r, const char *id, const rule_decl *rule,
                       void *context)
{
	case_counts *c = context;
	c->tests++;
	if (rule && rule->disabled && !has_findings(r, id)) {
		c->skipped++;
		return;
	}
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		if (!strcmp(f->rule, id) && fails(p, f)) {
			if (engine_trouble(id))
				c->errors++;
			else
				c->failures++;
			return;
		}
	}
}

/* Where a finding is and what it deducts, one item a line. */
static void write_details(FILE *out, const doc_result *r, const finding *f)
{
	xml_write(out, r->file, false);
	if (f->line > 0) {
		fprintf(out, ":%d", f->line);
		if (f->column > 0)
			fprintf(out, ":%d", f->column);
	}
	if (f->where) {
		fputs(": ", out);
		xml_write(out, f->where, false);
	}
	if (f->path) {
		fputs("\npath: ", out);
		xml_write(out, f->path, false);
	}
	if (f->indicator) {
		fputs("\nindicator: ", out);
		xml_write(out, f->indicator, false);
	}
	if (f->has_points) {
		char points[DEC_BUFSIZE];
		dec_format_trim(f->points, points);
		fprintf(out, "\npoints: %s", points);
	}
	if (f->source) {
		fputs("\nsource: ", out);
		xml_write(out, f->source, false);
	}
	if (f->waived) {
		fputs("\nwaived: ", out);
		xml_write(out, f->waiver_reason ? f->waiver_reason : "", false);
		if (f->waiver_approved_by) {
			fputs("\napproved_by: ", out);
			xml_write(out, f->waiver_approved_by, false);
		}
		if (f->waiver_expires) {
			fputs("\nexpires: ", out);
			xml_write(out, f->waiver_expires, false);
		}
	}
}

static void write_case(printer *p, const doc_result *r, const char *id, const rule_decl *rule,
                       void *context)
{
	(void)context;
	FILE *out = p->options.out;
	fputs("    <testcase", out);
	attribute(out, "classname", r->file);
	fputs(" name=\"", out);
	xml_write(out, id, true);
	if (rule && rule->title) {
		fputc(' ', out);
		xml_write(out, rule->title, true);
	}
	fputc('"', out);
	bool open = false, quiet = false;
	if (rule && rule->disabled && !has_findings(r, id)) {
		fputs(">\n      <skipped message=\"disabled by the project configuration\"/>\n"
		      "    </testcase>\n",
		      out);
		return;
	}
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		if (strcmp(f->rule, id))
			continue;
		if (!fails(p, f)) {
			quiet = true;
			continue;
		}
		if (!open)
			fputs(">\n", out);
		open = true;
		const char *element = engine_trouble(id) ? "error" : "failure";
		fprintf(out, "      <%s", element);
		attribute(out, "message", f->message);
		attribute(out, "type", severity_name(f->severity));
		fputc('>', out);
		write_details(out, r, f);
		fprintf(out, "</%s>\n", element);
	}
	if (quiet) {
		if (!open)
			fputs(">\n", out);
		open = true;
		fputs("      <system-out>", out);
		bool first = true;
		for (size_t i = 0; i < r->finding_count; i++) {
			const finding *f = &r->findings[i];
			if (strcmp(f->rule, id) || fails(p, f))
				continue;
			if (!first)
				fputs("\n\n", out);
			first = false;
			fprintf(out, "[%s%s] ", severity_name(f->severity), f->waived ? ", waived" : "");
			xml_write(out, f->message, false);
			fputc('\n', out);
			write_details(out, r, f);
		}
		fputs("</system-out>\n", out);
	}
	fputs(open ? "    </testcase>\n" : "/>\n", out);
}

static void junit_begin(printer *p)
{
	FILE *out = p->options.out;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pevcheck ", out);
	xml_write(out, p->options.version, true);
	fputs("\">\n", out);
}

static void junit_document(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	p->first = false;
	case_counts counts = { 0 };
	each_case(p, r, count_case, &counts);

	fputs("  <testsuite name=\"", out);
	xml_write(out, r->file, true);
	if (r->document > 0)
		fprintf(out, " #%d", r->document);
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"",
	        counts.tests, counts.failures, counts.errors, counts.skipped);
	/* JUnit's timestamp is an xs:dateTime without a zone: the first 19
	 * characters of our ISO 8601 time. */
	const char *at = p->options.checked_at;
	if (at && strlen(at) >= 19)
		fprintf(out, " timestamp=\"%.19s\"", at);
	fputs(">\n", out);
	if (r->unit || r->has_year || r->kind || r->project)
		fputs("    <properties>\n", out);
	if (r->unit)
		property(out, "unit", r->unit);
	if (r->has_year) {
		char year[24];
		snprintf(year, sizeof year, "%ld", r->year);
		property(out, "year", year);
	}
	if (r->kind)
		property(out, "kind", r->kind);
	if (r->project)
		property(out, "project", r->project);
	if (r->unit || r->has_year || r->kind || r->project)
		fputs("    </properties>\n", out);
	each_case(p, r, write_case, NULL);
	fputs("  </testsuite>\n", out);
}

static void junit_end(printer *p, const run_summary *s)
{
	(void)s;
	fputs("</testsuites>\n", p->options.out);
}

void fmt_junit_init(printer *p)
{
	p->begin = junit_begin;
	p->document = junit_document;
	p->end = junit_end;
}

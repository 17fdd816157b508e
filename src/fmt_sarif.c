/*
 * fmt_sarif — SARIF 2.1.0, the static-analysis log GitHub code scanning
 * (and most code-review tools) read.
 *
 * One run holds the results of every document, printed as documents arrive.
 * The run's tool object, with a reporting descriptor per loaded rule, comes
 * after the results: only then is it known which engine ids (pev.yaml,
 * pev.format, ...) appeared and need a descriptor too.  JSON objects are
 * unordered, so this is the same log as one with the tool first.
 *
 * The one thing kept between documents, in the printer's state, is the
 * list of engine ids seen, so that each keeps one ruleIndex over the whole
 * run.
 */
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "fmt.h"
#include "rules_catalog.h"
#include "base_i18n.h"

#define SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SOURCE_ROOT "%SRCROOT%"

/* Findings the engine itself reports, described for the log's readers. */
static const struct {
	const char *id, *title, *description;
} engine_ids[] = {
	{ "pev.io", N_("Data file cannot be read"),
	  N_("The data file does not exist, cannot be read or is not a regular file.") },
	{ "pev.yaml", N_("YAML syntax"),
	  N_("A data file should be valid YAML 1.1 (or JSON) in UTF-8, with no key repeated in one "
	     "mapping.") },
	{ "pev.format", N_("Data format"),
	  N_("A report should follow the data format (docs/data-format.md): every required field, "
	     "the right types, no unknown keys; values that should be numbers are numbers.") },
	{ "pev.score", N_("Score check"),
	  N_("The score the rules compute for each indicator should equal the claimed score; a "
	     "parent indicator scores the sum of its children.") },
	{ "pev.form", N_("Form reading"),
	  N_("A form (.xlsx, .docx or a text export) should be one a form layout reads, every value "
	     "it prints readable: no formula saved without its result, no error value.") },
	{ "pev.rule", N_("Rule run"),
	  N_("A rule failed with an error, or ran over its instruction budget or memory limit.") },
};

/* The printer's state: the engine ids seen so far this run; index i has
 * ruleIndex rule_count + i. */
static string_list *seen_ids(printer *p)
{
	if (!p->state)
		p->state = xcalloc(1, sizeof(string_list));
	return p->state;
}

static void seen_free(printer *p)
{
	if (p->state)
		string_list_free(p->state);
	free(p->state);
	p->state = NULL;
}

static size_t rule_count(const printer *p)
{
	return p->options.rules ? ruleset_count(p->options.rules) : 0;
}

/* The ruleIndex of a finding's rule id: a loaded rule's place in the rule
 * set, or a place after them for an engine id, given on first sight. */
static size_t rule_index(printer *p, const char *id)
{
	size_t rule = p->options.rules ? ruleset_index(p->options.rules, id) : 0;
	if (rule < rule_count(p))
		return rule;
	string_list *seen = seen_ids(p);
	for (size_t i = 0; i < seen->count; i++)
		if (!strcmp(seen->items[i], id))
			return rule_count(p) + i;
	string_list_add(seen, id);
	return rule_count(p) + seen->count - 1;
}

static const char *level(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static void key(FILE *out, const char *k)
{
	json_write_string(out, k);
	fputc(':', out);
}

/* A file path as a URI reference: relative paths stay relative (to
 * %SRCROOT%, the directory pevcheck ran in), absolute ones become file://
 * URIs; every byte but unreserved characters and "/" is percent-encoded,
 * so spaces, "#", ":" and Chinese file names survive. */
static void write_uri(FILE *out, const char *path)
{
	fputc('"', out);
	if (path[0] == '/')
		fputs("file://", out);
	else
		while (path[0] == '.' && path[1] == '/')
			path += 2;
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    strchr("-._~/", *c))
			fputc(*c, out);
		else
			fprintf(out, "%%%02X", *c);
	}
	fputc('"', out);
}

static void sarif_begin(printer *p)
{
	FILE *out = p->options.out;
	seen_free(p);
	fputs("{\"$schema\":\"" SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{"
	      "\"columnKind\":\"unicodeCodePoints\","
	      "\"originalUriBaseIds\":{\"" SOURCE_ROOT "\":{\"description\":{\"text\":"
	      "\"The directory pevcheck was run in; relative data file paths start there.\"}}},"
	      "\"results\":[",
	      out);
}

/* The key of a result property, opening the property bag at the first. */
static void property_key(FILE *out, bool *any, const char *k)
{
	fputs(*any ? "," : ",\"properties\":{", out);
	*any = true;
	key(out, k);
}

/* Where the finding is: the file and its line (a data file, a text
 * export), and its data path and form cell as logical locations. */
static void write_location(FILE *out, const doc_result *r, const finding *f)
{
	fputs(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
	write_uri(out, r->file);
	if (r->file[0] != '/')
		fputs(",\"uriBaseId\":\"" SOURCE_ROOT "\"", out);
	fputc('}', out);
	if (f->line > 0) {
		fprintf(out, ",\"region\":{\"startLine\":%d", f->line);
		if (f->column > 0)
			fprintf(out, ",\"startColumn\":%d", f->column);
		fputc('}', out);
	}
	fputc('}', out);
	if (f->path || f->where) {
		/* the data path; for a form, the cell too (SARIF has no region
		 * for a spreadsheet cell or a Word table's cell) */
		fputs(",\"logicalLocations\":[", out);
		if (f->path) {
			fputs("{\"fullyQualifiedName\":", out);
			json_write_string(out, f->path);
			fputc('}', out);
		}
		if (f->where) {
			fputs(f->path ? ",{\"name\":" : "{\"name\":", out);
			json_write_string(out, f->where);
			fputs(",\"kind\":\"element\"}", out);
		}
		fputs("]", out);
	}
}

/* A waived finding: suppressed, with the waiver's reason, approver and
 * expiry. */
static void write_suppression(FILE *out, const finding *f)
{
	fputs(",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\"", out);
	if (f->waiver_reason) {
		fputc(',', out);
		key(out, "justification");
		json_write_string(out, f->waiver_reason);
	}
	if (f->waiver_approved_by || f->waiver_expires) {
		fputs(",\"properties\":{", out);
		if (f->waiver_approved_by) {
			key(out, "approvedBy");
			json_write_string(out, f->waiver_approved_by);
		}
		if (f->waiver_expires) {
			fputs(f->waiver_approved_by ? "," : "", out);
			key(out, "expires");
			json_write_string(out, f->waiver_expires);
		}
		fputc('}', out);
	}
	fputs("}]", out);
}

static void write_result(printer *p, const doc_result *r, const finding *f)
{
	FILE *out = p->options.out;
	fputs(p->first ? "\n{" : ",\n{", out);
	p->first = false;
	key(out, "ruleId");
	json_write_string(out, f->rule);
	fprintf(out, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":{\"text\":",
	        rule_index(p, f->rule), level(f->severity));
	json_write_string(out, f->message);
	fputc('}', out);
	write_location(out, r, f);
	fputs("}]", out);
	if (f->waived)
		write_suppression(out, f);
	/* Properties, when there are any: what the finding deducts, and which
	 * document of a multi-document file it is about. */
	bool any = false;
	if (f->indicator) {
		property_key(out, &any, "indicator");
		json_write_string(out, f->indicator);
	}
	if (f->has_points) {
		property_key(out, &any, "points");
		json_write_decimal(out, f->points);
	}
	if (r->document > 0) {
		property_key(out, &any, "document");
		fprintf(out, "%d", r->document);
	}
	if (f->source) {
		property_key(out, &any, "source");
		json_write_string(out, f->source);
	}
	fputs(any ? "}}" : "}", out);
}

static void sarif_document(printer *p, const doc_result *r)
{
	for (size_t i = 0; i < r->finding_count; i++)
		write_result(p, r, &r->findings[i]);
}

static void text_property(FILE *out, const char *k, const char *text)
{
	key(out, k);
	fputs("{\"text\":", out);
	json_write_string(out, text);
	fputc('}', out);
}

/* a, b and c joined, in memory the caller frees. */
static char *join3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = xmalloc(la + lb + lc + 1);
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

static void write_rule(FILE *out, const rule_decl *d)
{
	fputc('{', out);
	key(out, "id");
	json_write_string(out, d->id);
	fputc(',', out);
	key(out, "name");
	json_write_string(out, d->id);
	fputc(',', out);
	text_property(out, "shortDescription", d->title ? d->title : d->id);
	fputc(',', out);
	const char *policy = d->policy ? d->policy : d->title ? d->title : d->id;
	text_property(out, "fullDescription", policy);
	fputc(',', out);
	char *help = join3(policy, d->reference ? _("\nReference: ") : "", d->reference ? d->reference : "");
	text_property(out, "help", help);
	free(help);
	fprintf(out, ",\"defaultConfiguration\":{\"level\":\"%s\"%s}", level(d->severity),
	        d->disabled ? ",\"enabled\":false" : "");
	fputs(",\"properties\":{\"kinds\":[", out);
	bool comma = false;
	if (d->kinds & KIND_DEPARTMENT) {
		fputs("\"department\"", out);
		comma = true;
	}
	if (d->kinds & KIND_PROJECT)
		fputs(comma ? ",\"project\"" : "\"project\"", out);
	fputc(']', out);
	if (d->indicator) {
		fputc(',', out);
		key(out, "indicator");
		json_write_string(out, d->indicator);
	}
	if (d->concept) {
		fputc(',', out);
		key(out, "concept");
		json_write_string(out, d->concept);
	}
	if (d->year_from)
		fprintf(out, ",\"yearFrom\":%ld", d->year_from);
	if (d->year_until)
		fprintf(out, ",\"yearUntil\":%ld", d->year_until);
	if (d->file) {
		char line[24];
		snprintf(line, sizeof line, ":%d", d->line);
		char *source = join3(d->file, line, "");
		fputc(',', out);
		key(out, "source");
		json_write_string(out, source);
		free(source);
	}
	fputs("}}", out);
}

static void write_engine_rule(FILE *out, const char *id)
{
	const char *title = id, *description = id;
	for (size_t i = 0; i < sizeof engine_ids / sizeof *engine_ids; i++)
		if (!strcmp(engine_ids[i].id, id)) {
			title = _(engine_ids[i].title);
			description = _(engine_ids[i].description);
		}
	fputc('{', out);
	key(out, "id");
	json_write_string(out, id);
	fputc(',', out);
	key(out, "name");
	json_write_string(out, id);
	fputc(',', out);
	text_property(out, "shortDescription", title);
	fputc(',', out);
	text_property(out, "fullDescription", description);
	fputc(',', out);
	text_property(out, "help", description);
	fputs(",\"defaultConfiguration\":{\"level\":\"error\"},\"properties\":{\"engine\":true}}", out);
}

static void sarif_end(printer *p, const run_summary *s)
{
	FILE *out = p->options.out;
	fputs("\n],\"tool\":{\"driver\":{\"name\":\"pevcheck\",\"version\":", out);
	json_write_string(out, p->options.version);
	fputs(",\"semanticVersion\":", out);
	json_write_string(out, p->options.version);
#ifdef PEVCHECK_HOMEPAGE
	fputs(",\"informationUri\":", out);
	json_write_string(out, PEVCHECK_HOMEPAGE);
#endif
	fputs(",\"rules\":[", out);
	const rule_set *rs = p->options.rules;
	size_t n = 0;
	for (size_t i = 0; i < rule_count(p); i++, n++) {
		fputs(n ? ",\n" : "\n", out);
		write_rule(out, ruleset_rule(rs, i));
	}
	const string_list *seen = seen_ids(p);
	for (size_t i = 0; i < seen->count; i++, n++) {
		fputs(n ? ",\n" : "\n", out);
		write_engine_rule(out, seen->items[i]);
	}
	fputs("]}}", out);
	fputs(",\"properties\":{", out);
	if (p->options.checked_at) {
		key(out, "checkedAt");
		json_write_string(out, p->options.checked_at);
		fputc(',', out);
	}
	fprintf(out, "\"summary\":{\"files\":%zu,\"documents\":%zu,\"errors\":%zu,\"warnings\":%zu,"
	             "\"infos\":%zu,\"waived\":%zu}}}]}\n",
	        s->files, s->documents, s->errors, s->warnings, s->infos, s->waived);
	seen_free(p);
}

void fmt_sarif_init(printer *p)
{
	p->begin = sarif_begin;
	p->document = sarif_document;
	p->end = sarif_end;
}

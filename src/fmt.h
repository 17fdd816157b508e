/*
 * fmt — output formats.  Each is a printer over results: it is handed
 * every document's result in input order and the run's summary at the end.
 *
 * A printer computes nothing of its own: no score, no verdict, no test of
 * which rule applies.  What it shows comes from the result (run_result.h),
 * the run summary and the read-only rule catalog (rules_catalog.h); it may
 * only arrange what it is given (order, group, count, quote the data
 * file's line).  No printer can reach a Lua state: none includes rules.h,
 * run_engine.h or a Lua header.  What a printer keeps between documents
 * lives in printer.state, never in a file static.
 */
#ifndef PEVCHECK_FMT_H
#define PEVCHECK_FMT_H

#include <stdbool.h>
#include <stdio.h>

#include "run_result.h"

typedef struct run_summary {
	size_t files, documents;
	size_t errors, warnings, infos; /* not counting waived findings */
	size_t waived;
} run_summary;

struct rule_set;

typedef struct format_options {
	FILE *out;
	bool color;
	enum severity fail_on;
	const char *version;            /* pevcheck's */
	const struct rule_set *rules;   /* the loaded rules, read through rules_catalog.h */
	const char *checked_at;         /* ISO 8601 time the run started */
	unsigned width;                 /* terminal columns to wrap text at, 0: none */
} format_options;

typedef struct printer printer;
struct printer {
	void (*begin)(printer *p);
	void (*document)(printer *p, const doc_result *r);
	void (*end)(printer *p, const run_summary *s);
	format_options options;
	bool first;  /* no document printed yet */
	void *state; /* the format's own, made by begin() and freed by end() */
};

/* A printer for a format name ("text", "json", ...), or false when the
 * name is unknown. */
bool format_printer(const char *name, const format_options *options, printer *out);
/* The names, for --help and error messages: "text, json". */
const char *format_names(void);

/* Writers shared by the formats. */
void json_write_string(FILE *out, const char *s);
void json_write_decimal(FILE *out, decimal d);

void fmt_text_init(printer *p);
void fmt_json_init(printer *p);
void fmt_junit_init(printer *p);
void fmt_sarif_init(printer *p);
void fmt_github_init(printer *p);
void fmt_markdown_init(printer *p);
void fmt_html_init(printer *p);

#endif

/*
 * fmt_shared — what the printers share: one step through UTF-8 text (by
 * utf8proc, for every printer that escapes text itself), and what the two
 * page formats (fmt_html, fmt_markdown) have in common: amounts as a report
 * prints them, the data file's lines for quoting the line a finding is
 * about, and the page itself: sections buffered in memory as documents
 * arrive, beside a small summary of each for the ranking that opens a page
 * of several documents.
 *
 * Knows the result; nothing of markup, of rules or of how results are made.
 */
#ifndef PEVCHECK_FMT_SHARED_H
#define PEVCHECK_FMT_SHARED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "run_result.h"

#define FMT_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD, for what cannot be shown */

/* ---- text --------------------------------------------------------------- */

/* The code point at s (at most len bytes, len > 0) into *cp; its length in
 * bytes, or 0 when the bytes there are not UTF-8. */
size_t fmt_utf8_next(const char *s, size_t len, int32_t *cp);
/* Characters a page must not carry: controls other than tab and line
 * breaks, C1 controls and noncharacters. */
bool fmt_forbidden(int32_t cp);
/* Byte offset of character number `chars` (0-based) in text, or length. */
size_t fmt_char_offset(const char *text, size_t length, size_t chars);

/* What a format writes for the character cp (its bytes end at `next`, the
 * text at `end`): the text to write instead ("" for nothing), or NULL to
 * write the character as it is. */
typedef const char *(*fmt_escape)(int32_t cp, const char *next, const char *end,
                                  void *context);
/* Write len bytes of s, each character through escape; bytes that are not
 * UTF-8 become U+FFFD, so what a rule or a data file holds can never break
 * the output's own syntax. */
void fmt_write_text(FILE *out, const char *s, size_t len, fmt_escape escape, void *context);

/* An amount as the report would print it: its own decimal places, the
 * integer part grouped by thousands ("383,506.13"). */
void fmt_amount(FILE *out, decimal d);
/* "department-wide expenditure", "project expenditure", or NULL for any
 * other kind. */
const char *fmt_kind_label(const char *kind);

/* A row of the budget table both page formats print. */
typedef struct fmt_budget_row {
	const char *label; /* a msgid, to translate */
	const char *field; /* its key under budget (for the finding about it), or NULL */
	enum { FMT_CELL_VALUE, FMT_CELL_BLANK, FMT_CELL_NONE } cell; /* a number; a blank cell; not given */
	decimal value;
	bool percent;
	const char *note; /* a msgid, or NULL */
} fmt_budget_row;
enum { FMT_BUDGET_ROWS = BUDGET_FIELDS + 1 };

/* The rows of the budget table, in order, into rows: the full-year budget,
 * the expenditure and the computed rate (labelled with what it divides by)
 * always; the other amounts when the report writes them, as numbers or
 * as blank cells.  Returns how many. */
size_t fmt_budget_rows(const budget_summary *b, fmt_budget_row *rows);

/* An indicator's status as the reader sees it: "ok", "mismatch", ... */
const char *fmt_status_label(enum indicator_status s);
/* The first finding about data path `path` (a row of a table), or NULL. */
const finding *fmt_finding_at(const doc_result *r, const char *path);
/* How many indicators the rules could not verify. */
size_t fmt_unverified_count(const doc_result *r);
/* " · line L, column C" or " · line L" (nothing without a line). */
void fmt_line_column(FILE *out, const finding *f);

/* The findings of a document in the groups a page lists them in: errors,
 * warnings, info, then the waived ones; only groups that have findings. */
typedef struct fmt_group {
	enum severity severity; /* of the group; unused for the waived one */
	bool waived;
	size_t count;
} fmt_group;
/* Fills groups (room for 4); returns how many. */
size_t fmt_finding_groups(const doc_result *r, fmt_group *groups);
bool fmt_in_group(const finding *f, const fmt_group *g);

/* ---- the data file, for quoting the line a finding is about ------------- */

typedef struct fmt_source_line {
	size_t start, length;
} fmt_source_line;

typedef struct fmt_source {
	char *name; /* the file this is, even when it could not be read */
	char *text;
	fmt_source_line *lines;
	size_t line_count;
} fmt_source;

/* Read the file `name` into s, once (nothing to do when s already holds
 * it): quietly nothing when it is not a readable regular file (standard
 * input, a device, a vanished path).  Lines are split where libyaml counts
 * them: \r\n, \r, \n, NEL, LS and PS. */
void fmt_source_load(fmt_source *s, const char *name);
/* What of a line to quote: text[from, to) of its length bytes (no line
 * break); a line too long to show whole (minified JSON) is cut to a window
 * around the column. */
typedef struct fmt_window {
	const char *text;
	size_t length, from, to;
} fmt_window;
/* The window of line `line` (1-based) around `column` (0: none); false
 * when s does not have the line. */
bool fmt_source_window(const fmt_source *s, int line, int column, fmt_window *w);
void fmt_source_clear(fmt_source *s);

/* ---- the page ------------------------------------------------------------ */

/* What the ranking needs of a document, once its result is gone. */
typedef struct fmt_doc {
	size_t number; /* in run order, from 1: the section's anchor */
	char *file, *kind, *unit, *project, *grade_computed;
	int document;
	bool has_year, has_total_computed, has_total_claimed;
	long year;
	decimal total_computed, total_claimed;
	size_t errors, warnings, infos;
} fmt_doc;

typedef struct fmt_page {
	FILE *body; /* the sections, in run order */
	char *body_data;
	size_t body_size;
	fmt_doc *docs;
	size_t doc_count, doc_capacity;
	fmt_source source; /* the data file last quoted */
} fmt_page;

/* A ranked place: equal totals share a place (1, 2, 2, 4); rank 0 for a
 * document without a computed total, which comes last. */
typedef struct fmt_ranked {
	const fmt_doc *doc;
	size_t rank;
} fmt_ranked;

fmt_page *fmt_page_new(void);
/* Keep r's summary; returns its number (from 1).  The data file is read
 * for quoting when one of r's findings has a line. */
size_t fmt_page_add(fmt_page *page, const doc_result *r);
/* The documents by computed total, highest first, input order on ties
 * (doc_count places, malloc'd). */
fmt_ranked *fmt_page_ranking(const fmt_page *page);
/* Close the body: its text is then body_data, body_size bytes. */
void fmt_page_close_body(fmt_page *page);
void fmt_page_free(fmt_page *page);

#endif

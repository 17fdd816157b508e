/*
 * load_form_pattern — the patterns a form layout finds values with in a
 * form's texts (docs/表格检查.md §6): literal text, {path} captures of a
 * number (with a money unit after it, and a 为/是/达/colon before it), of
 * text (the shortest that lets the rest match; at the end, to the end of
 * the sentence), {year}, and "^" anchoring at the start.  Texts and
 * patterns are compared in the form normal_make gives them; spans are
 * offsets into that form, and normal.at maps them back to the text.
 *
 * Knows nothing about where texts come from or where values go.
 */
#ifndef PEVCHECK_LOAD_FORM_PATTERN_H
#define PEVCHECK_LOAD_FORM_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

/* Text without white space, '*' and leading '#' (Markdown), full-width
 * ASCII as ASCII; at[i] is the byte offset in the original text of byte i. */
typedef struct normal {
	char *s;
	size_t *at;
	size_t length;
	size_t end; /* length of the original */
} normal;

void normal_make(normal *n, const char *text);
void normal_free(normal *n);

enum { TOK_LITERAL, TOK_NUMBER, TOK_YEAR, TOK_TEXT };

typedef struct token {
	int kind;
	char *literal; /* normalized */
	size_t length; /* of the literal */
	char *path;    /* capture's data path, "_", "indicator", "max", "score" */
} token;

typedef struct pattern {
	token *tokens;
	size_t count;
	bool anchored; /* "^...": at the start of the text only */
} pattern;

typedef struct span {
	size_t from, to; /* in the normalized text */
} span;

/* The pattern as written in a layout (checked when the layout loaded). */
void pattern_compile(const char *text, pattern *out);
void pattern_free(pattern *p);

/* The first match of the pattern in the normalized text s, its captures in
 * caps (one span a token; room for as many as the pattern has tokens);
 * false if none.  Bounded: a pattern that cannot match gives up after a
 * fixed number of steps. */
bool pattern_match(const pattern *pt, const char *s, span *caps);

#endif

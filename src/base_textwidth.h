/*
 * base_textwidth — how wide UTF-8 text is on a terminal, where CJK characters
 * take two columns.  utf8proc's tables know every character's width; a
 * hand-written range check would age with every Unicode release.
 *
 * Text printed here is data (a unit's name, a file's name, a rule's
 * message) and must not drive the terminal: control characters (ESC, BEL,
 * CR and the rest of C0, DEL, C1), the line and paragraph separators, the
 * bidirectional overrides and isolates (which reorder what is shown, as in
 * "Trojan Source") and bytes that are not UTF-8 are printed as visible
 * escapes: \e, \r, \n, \t, \x07, \u202e, \xff.  Widths count the escapes.
 */
#ifndef PEVCHECK_BASE_TEXTWIDTH_H
#define PEVCHECK_BASE_TEXTWIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Columns s takes when printed by the functions below. */
size_t text_width(const char *s);
/* Print s, control characters escaped. */
void text_put(FILE *out, const char *s);
/* Print s, then spaces up to `width` columns (never truncates). */
void text_pad(FILE *out, const char *s, size_t width);
/* Spaces first, then s: right-aligned in `width` columns. */
void text_pad_left(FILE *out, const char *s, size_t width);

/* Print s wrapped to `width` columns, the first line starting at column
 * `start` and the following ones indented by `indent` spaces; never breaks
 * inside a character, prefers to break after Chinese punctuation or a
 * space.  width 0 means no wrapping.  A newline starts an indented line
 * and a tab stays a tab; other control characters are escaped. */
void text_wrap(FILE *out, const char *s, size_t start, size_t indent, size_t width);

/* s with control characters escaped as text_put prints it (lines: a
 * newline and a tab stay, as in text_wrap): a new string (malloc'd; NULL
 * when out of memory), for messages built with printf. */
char *text_visible(const char *s, bool lines);

/* fprintf(out, format, detail) with detail (text that may come from data
 * or rule files: an error quoting a rule file) shown as text_visible
 * shows it, newlines kept: for messages on stderr. */
void text_complain(FILE *out, const char *format, const char *detail);

#endif

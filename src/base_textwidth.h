/*
 * base_textwidth — how wide UTF-8 text is on a terminal, where CJK characters
 * take two columns.  utf8proc's tables know every character's width; a
 * hand-written range check would age with every Unicode release.
 */
#ifndef PEVCHECK_BASE_TEXTWIDTH_H
#define PEVCHECK_BASE_TEXTWIDTH_H

#include <stddef.h>
#include <stdio.h>

size_t text_width(const char *s);
/* Print s, then spaces up to `width` columns (never truncates). */
void text_pad(FILE *out, const char *s, size_t width);
/* Spaces first, then s: right-aligned in `width` columns. */
void text_pad_left(FILE *out, const char *s, size_t width);

/* Print s wrapped to `width` columns, the first line starting at column
 * `start` and the following ones indented by `indent` spaces; never breaks
 * inside a character, prefers to break after Chinese punctuation or a
 * space.  width 0 means no wrapping. */
void text_wrap(FILE *out, const char *s, size_t start, size_t indent, size_t width);

#endif

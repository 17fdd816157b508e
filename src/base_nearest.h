/*
 * base_nearest — which of a list of names a misspelt one was meant to be
 * ("gaol" -> "goal", "registraton-late" -> "registration-late"): the
 * name fewest edits away, counting a swap of two neighbours as one edit
 * (optimal string alignment), by UTF-8 character so that a Chinese
 * indicator name is not penalised for its byte length.
 *
 * Knows nothing of pevcheck's data: base utilities only.
 */
#ifndef PEVCHECK_BASE_NEAREST_H
#define PEVCHECK_BASE_NEAREST_H

#include <stddef.h>

/* The edits between a and b: inserts, deletes, replacements and swaps of
 * neighbouring characters.  Names longer than NEAREST_MAX_CHARS characters
 * compare by their first NEAREST_MAX_CHARS. */
#define NEAREST_MAX_CHARS 128
size_t nearest_distance(const char *a, const char *b);

/* The name of names[0 .. count-1] closest to word, or NULL when none is
 * close enough to be what was meant: at most a third of the word's length
 * in edits (at least 1, at most 4).  Ties go to the first in the list. */
const char *nearest_name(const char *word, const char *const *names, size_t count);

#endif

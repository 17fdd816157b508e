/*
 * load_inputs — the files of a run by (unit, year), so that previous()
 * finds a unit's report for the year before among the files checked.
 *
 * Made for every run whose rules call previous(), but built only when a
 * report first asks, by reading each file's top-level unit: and year:
 * lines (not parsing it).  A run in which no report asks reads no file
 * twice and keeps nothing per file.  Shared by every worker: the build is
 * done once, under a lock.
 */
#ifndef PEVCHECK_LOAD_INPUTS_H
#define PEVCHECK_LOAD_INPUTS_H

#include <stddef.h>

#include "load_files.h"

typedef struct input_index input_index;

/* An index over the files, which must outlive it; NULL when out of
 * memory (previous() then finds nothing among the inputs). */
input_index *input_index_new(const file_list *files);
void input_index_free(input_index *index);
/* The file holding `unit`'s report for `year`, written into buf (size
 * bytes), or NULL. */
const char *input_index_find(input_index *index, const char *unit, long year, char *buf,
                             size_t size);

#endif

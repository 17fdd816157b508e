/*
 * forms_fixture.h — the generated forms the load_* unit tests read: the
 * folder $PEVCHECK_FORMS_DIR (tests/run-all.sh generates it once for every
 * suite), or else one generated here by tests/forms/gen_forms.py into a
 * temporary folder and removed after the group (so a test binary also runs
 * alone, from the checkout's root).  Included by test_load_*.c only.
 */
#ifndef PEVCHECK_FORMS_FIXTURE_H
#define PEVCHECK_FORMS_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_grid.h"

static char forms_dir[512];
static bool forms_generated;

static inline int forms_setup(void **state)
{
	(void)state;
	const char *dir = getenv("PEVCHECK_FORMS_DIR");
	if (dir && *dir) {
		snprintf(forms_dir, sizeof forms_dir, "%s", dir);
		return 0;
	}
	snprintf(forms_dir, sizeof forms_dir, "/tmp/pevcheck-forms.XXXXXX");
	if (!mkdtemp(forms_dir))
		return -1;
	forms_generated = true;
	char command[1024];
	snprintf(command, sizeof command, "python3 tests/forms/gen_forms.py '%s'", forms_dir);
	if (system(command) != 0) {
		fprintf(stderr, "forms_fixture: %s failed (run from the checkout's root, "
		                "or set PEVCHECK_FORMS_DIR)\n", command);
		return -1;
	}
	return 0;
}

static inline int forms_teardown(void **state)
{
	(void)state;
	if (!forms_generated)
		return 0;
	char command[1024];
	snprintf(command, sizeof command, "rm -rf '%s'", forms_dir);
	return system(command) == 0 ? 0 : -1;
}

/* The path of a generated form. */
static inline const char *form_path(const char *name)
{
	static char path[1024];
	snprintf(path, sizeof path, "%s/%s", forms_dir, name);
	return path;
}

static inline grid_doc *open_form(const char *name)
{
	return grid_open(form_path(name), NULL);
}

/* The first problem whose message holds `text`, or NULL. */
static inline const grid_problem *find_problem(const grid_doc *doc, const char *text)
{
	for (size_t i = 0; i < doc->problem_count; i++)
		if (strstr(doc->problems[i].message, text))
			return &doc->problems[i];
	return NULL;
}

/* The cell at an A1 address of a table ("G6"). */
static inline const grid_cell *cell_a1(const grid_table *t, const char *a1)
{
	uint32_t col = 0, row = 0;
	const char *s = a1;
	for (; *s >= 'A' && *s <= 'Z'; s++)
		col = col * 26 + (uint32_t)(*s - 'A' + 1);
	row = (uint32_t)strtoul(s, NULL, 10);
	return grid_cell_at(t, row, col);
}

#endif

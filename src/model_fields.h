/*
 * model_fields — the fields each table of the report format can have: the
 * keys a data file writes (SPEC §1) and those pevcheck adds for rules
 * (a target's op, goal and met, an indicator's path, `blank` ...).
 *
 * report_model tags every table of the format it checks with its set,
 * under a hidden key, so that the rule runtime can tell a misspelt field
 * (`t.gaol`) from one the report merely lacks (`t.reason`): the first is
 * an error naming the nearest known field, the second reads as nil.
 * `facts` and what is under it are free-form and carry no set; neither do
 * budget.sources, budget.nature and a table's `blank`, whose keys are the
 * report's own.
 *
 * Knows nothing about rules.
 */
#ifndef PEVCHECK_MODEL_FIELDS_H
#define PEVCHECK_MODEL_FIELDS_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct model_fields {
	const char *table;          /* as a message names it: "targets[]" */
	const char *const *written; /* keys a data file may write, NULL-terminated */
	const char *const *derived; /* keys pevcheck adds, NULL-terminated */
} model_fields;

extern const model_fields model_fields_report, model_fields_budget, model_fields_funds,
	model_fields_funds_row, model_fields_items, model_fields_scores,
	model_fields_indicators, model_fields_deductions, model_fields_targets;

/* Tag the table at index with its set (a hidden light-userdata key, which
 * every walk of a report table passes over, as the loader's node id). */
void model_fields_tag(lua_State *L, int index, const model_fields *f);
/* The set of the table at index, or NULL (free-form, or not a table). */
const model_fields *model_fields_of(lua_State *L, int index);

/* Can a table of the set have the field?  A key starting "x-" (the
 * format's extensions) always can. */
bool model_fields_has(const model_fields *f, const char *name);
/* The field of the set nearest to a misspelt name, or NULL. */
const char *model_fields_nearest(const model_fields *f, const char *name);
/* Every field of the set, space-separated, into buf. */
void model_fields_list(const model_fields *f, char *buf, size_t size);

#endif

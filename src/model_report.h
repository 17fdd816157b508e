/*
 * model_report — the report format of SPEC §1 over a loaded document.
 *
 * Checks the shape (required fields, types, known keys) and normalises in
 * place what rules read: numbers as printed become Decimals in the report's
 * currency, `year` and `pev` Lua integers, and every target gains the parsed
 * form of its target and actual (op, goal, goal_unit, goal_word,
 * actual_unit, actual_word, met, units_agree).  A value that should be a
 * number and is not is a finding at its line and becomes nil, never 0.
 *
 * It also copies what the report claims into the result: kind, unit, year,
 * the indicator tree with claimed scores and deductions, total and grade.
 *
 * Knows nothing about rules or scoring.
 */
#ifndef PEVCHECK_MODEL_REPORT_H
#define PEVCHECK_MODEL_REPORT_H

#include <lua.h>

#include "load_positions.h"
#include "run_result.h"

#define RULE_FORMAT "pev.format"
#define RULE_BLANK "pev.blank" /* a cell of the form printed empty (未填写) */

/* Locate a node (and optionally one of its fields) for a finding: fills
 * path, line and column.  field may be NULL. */
void model_locate(const pos_tree *pos, int32_t node, const char *field, char *path,
                  size_t path_size, int *line, int *column);

/* The node id a loaded table keeps (see load_yaml.h), or -1. */
int32_t model_node_of(lua_State *L, int index);

/* The execution rate printers show, over the base the report's scoring
 * framework gives it (the full-year budget; plus the opening balance; or
 * the funds received when the report gives them), as the rules compute it
 * (rules/lib/std/budget.lua rate_base).  The engine calls it once the
 * framework is chosen. */
void model_budget_rate(budget_summary *b, bool with_opening_balance, bool by_received);

/* The indicators[] slot a rule or a target names: its full path, or the
 * one path ending in "/wanted".  -1 when none; *matches (may be NULL) is
 * how many paths ended so, for saying an ambiguous name is ambiguous. */
long model_indicator_slot(const doc_result *r, const char *wanted, int *matches);

/* What a data path of the report format holds, in the reader's language
 * ("budget.initial" -> "年初预算数"), or NULL for paths it does not define
 * (facts are free-form). */
const char *model_field_label(const char *path);

/* Check and normalise the document whose root table is at `index`.
 * Returns 0, or -1 when the document is too broken for rules to run
 * (not a mapping); the findings say why. */
int report_model(lua_State *L, int index, const pos_tree *pos, doc_result *r);

#endif

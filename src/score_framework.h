/*
 * score_framework — scoring frameworks (评分框架) as data: a province or bureau
 * with its own weights ships `profiles/NAME.yaml` in a rule directory
 * instead of forking rules.  A profile overrides rule parameters, switches
 * rules off and may set its own grade bands:
 *
 *   name: guangdong-2022                 # default: the file name
 *   title: 广东省部门整体支出绩效评价指标体系
 *   params:
 *     dept.framework-shape: {first_level: ["履职效能=60", "管理效率=40"]}
 *   disable: [dept.three-public]
 *   grades: [{grade: 优, min: 90}, ...]
 *
 * A report chooses one with `framework: NAME`; `check --framework NAME`
 * chooses one for every report.  Parameters are read through the profile of
 * the report being checked, so rules never see another report's framework.
 */
#ifndef PEVCHECK_SCORE_FRAMEWORK_H
#define PEVCHECK_SCORE_FRAMEWORK_H

#include <lua.h>
#include <stdbool.h>

#include "rules.h"

#define RULE_FRAMEWORK "pev.framework"

/* Load every profiles/NAME.yaml under the rule set's directories (after the
 * rules, whose ids they name).  Returns 0, or -1 with file:line in error. */
int framework_load(rule_set *rs, char *error, size_t error_size);

void framework_free(rule_set *rs);

/* Make `name` the profile of the report about to be checked (NULL: none).
 * Returns false when there is no such profile. */
bool framework_activate(rule_set *rs, const char *name);
/* Is the rule switched off by the active profile? */
bool framework_disables(const rule_set *rs, const rule_decl *d);
/* The grade bands in force for the active profile. */
const grade_bands *framework_bands(const rule_set *rs);
/* "a, b, c": the profile names, for messages (into buf). */
void framework_names(const rule_set *rs, char *buf, size_t size);

/* Push the parameter table a rule file gets from params{}: reads go to the
 * active profile's value for (file, name) first, then the default at
 * `defaults`; writes fail. */
void framework_push_params(lua_State *L, int defaults, const char *file);

#endif

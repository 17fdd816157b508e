/*
 * rules_internal — what the rule test runner shares with rules.c.
 */
#ifndef PEVCHECK_RULES_INTERNAL_H
#define PEVCHECK_RULES_INTERNAL_H

#include "rules.h"

rule_set *rules_from_state(lua_State *L);
int rules_traceback(lua_State *L);

#endif

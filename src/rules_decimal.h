/*
 * rules_decimal — the Decimal type as rules see it.
 *
 * A Decimal is a full userdata holding a `decimal` (base_decimal.h) with a shared
 * metatable: arithmetic (+ - * / unary -), comparisons (== < <=), tostring,
 * concatenation, and methods :round(places), :eq(other), :places(),
 * :tonumber().  Mixed operands (a Lua integer or float, or a numeric string)
 * are converted exactly first; a Lua float goes through dec_from_double, so
 * the literal 0.5 in a rule is exactly 0.5.  `/` keeps DEC_DIV_SCALE places.
 * Errors are raised with luaL_error in the usual shape
 * ("bad argument #2 to 'round' (number expected, got table)").
 *
 * Knows nothing about reports or rules.
 */
#ifndef PEVCHECK_RULES_DECIMAL_H
#define PEVCHECK_RULES_DECIMAL_H

#include <lua.h>
#include <stdbool.h>

#include "base_decimal.h"

#define LDEC_TYPENAME "pevcheck.Decimal"

/* Create the metatable (idempotent) and leave on the stack a table of the
 * constructor functions: dec(x) -> Decimal, is_decimal(x) -> boolean. */
int luaopen_decimal(lua_State *L);

void ldec_push(lua_State *L, decimal d);
/* True if the value at idx is a Decimal userdata (then *out is set). */
bool ldec_is(lua_State *L, int idx, decimal *out);
/* Decimal, integer, float or numeric string (decimal syntax) at idx into
 * *out; false otherwise (nothing is raised). */
bool ldec_to(lua_State *L, int idx, decimal *out);
/* Like ldec_to, but raises a "bad argument" error when it is not a number. */
decimal ldec_check(lua_State *L, int arg);

#endif

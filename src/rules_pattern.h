/*
 * rules_pattern — string.find, string.match, string.gmatch and string.gsub
 * with Lua 5.4's pattern semantics, but metered.
 *
 * Lua's own matcher runs in C, where the sandbox's count hook never fires:
 * string.find(string.rep("a", 40), string.rep("a*", 40) .. "b") backtracks
 * for longer than anyone will wait, and no instruction budget stops it.
 * These functions behave like the standard ones (same results, same error
 * messages) but count the matcher's work in steps and hand the count to a
 * meter, which may raise a Lua error to stop the match.
 *
 * A step is one unit of bounded work: an attempt to match the rest of the
 * pattern at a position (every backtracking attempt and every start
 * position tried), one test of a character against a pattern item, one
 * element of a set [...] examined, one byte compared by a back-reference,
 * %b or a plain find, one byte of a replacement template read or copied
 * into the result by gsub.  Every loop in the matcher charges steps, so
 * the work of a call is at most a constant times the steps charged, apart
 * from copying strings that replacement functions and tables return, which
 * the memory limit bounds.
 *
 * The meter is called whenever LUA_PATTERN_METER_INTERVAL steps have
 * accumulated and once more, with the remainder, when a call (or one step of
 * a gmatch iterator) finishes.  It may raise a Lua error (luaL_error): the
 * matcher keeps all its state on the C stack and holds nothing that would
 * leak.  It must leave the Lua stack as it found it, because gsub may have a
 * luaL_Buffer open when the meter runs.
 *
 * Known difference from the standard library: after an error inside a
 * gmatch iterator, Lua's iterator keeps a spent recursion counter; this one
 * starts every step afresh.
 *
 * Knows nothing about reports, rules or the sandbox.
 */
#ifndef PEVCHECK_RULES_PATTERN_H
#define PEVCHECK_RULES_PATTERN_H

#include <lua.h>

#define LUA_PATTERN_METER_INTERVAL 1024

typedef void (*pattern_meter)(lua_State *L, void *ctx, unsigned long steps);

/* Set find, match, gmatch and gsub in the table at lib_index (through
 * lua_setfield, so a read-only table refuses loudly) to metered versions
 * that call meter(L, ctx, steps); meter may be NULL. */
void pattern_install(lua_State *L, int lib_index, pattern_meter meter, void *ctx);

#endif

/*
 * rules_meter — the standard library's loops in C, charged for their work.
 *
 * The sandbox's count hook sees Lua instructions only.  A library function
 * is one instruction however long it runs: table.move({}, 1,
 * math.maxinteger - 1, 1) looped in C for ever, and utf8.len of a 20 MiB
 * string took 37 ms as one instruction.  The functions installed here
 * behave like the standard ones but first charge the work they are about
 * to do to a meter, in steps, where one step is about the cost of one
 * instruction; the meter may raise a Lua error to stop the rule.
 *
 *   - table.concat, insert, remove, move, unpack: one step per element
 *     they read or write (computed before the loop, with the length taken
 *     once, so a __len that answers math.maxinteger costs that much at
 *     once); table.sort n * log2(n) steps.
 *   - utf8.len, codepoint, offset, the codes iterator, tonumber, rawequal,
 *     string.byte, pack, unpack, packsize and the arithmetic of strings
 *     (string metatable's __add ...), the math functions (which take
 *     numeric strings): one step per METER_BYTES_PER_STEP bytes of their
 *     string arguments, at least one; string.byte and utf8.codepoint one
 *     step per value they return.
 *   - string.rep of empty strings, which looped n times doing nothing,
 *     returns "" at once.
 *
 * What a function allocates (string.rep, upper, format, ..) the sandbox's
 * allocator charges; pattern matching has its own meter (rules_pattern.h).
 *
 * Knows nothing about reports, rules or the sandbox.
 */
#ifndef PEVCHECK_RULES_METER_H
#define PEVCHECK_RULES_METER_H

#include <lua.h>

/* Bytes scanned or copied per step. */
#define METER_BYTES_PER_STEP 8

typedef void (*meter_charge)(lua_State *L, unsigned long steps);

/* Replace, in the library table at lib_index, the functions of the
 * library `name` ("_G", "string", "table", "math" or "utf8") whose work
 * grows with their arguments by metered versions that call charge first. */
void meter_install(lua_State *L, int lib_index, const char *name, meter_charge charge);

/* Meter the arithmetic metamethods of the string metatable ("10" + 1
 * converts the string, a scan of all of it). */
void meter_install_string_metamethods(lua_State *L, meter_charge charge);

#endif

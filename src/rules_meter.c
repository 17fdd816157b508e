/*
 * rules_meter — see rules_meter.h.
 *
 * A metered function is a C closure whose upvalues are the standard
 * function and the meter, both as light userdata (a function pointer in a
 * light userdata: fine on every platform Lua supports, and rules_pattern.c
 * does the same).  After charging, it calls the standard function directly
 * on its own stack frame, so arguments, results and error messages
 * ("bad argument #1 to 'len'") are the standard ones.  None of the
 * functions replaced uses upvalues of its own.
 */
#include "rules_meter.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

static lua_CFunction standard_of(lua_State *L)
{
	return (lua_CFunction)(uintptr_t)lua_touserdata(L, lua_upvalueindex(1));
}

static void charge(lua_State *L, unsigned long steps)
{
	meter_charge meter = (meter_charge)(uintptr_t)lua_touserdata(L, lua_upvalueindex(2));
	if (meter)
		meter(L, steps);
}

/* Elements from first to last, saturating: 0 when the range is empty. */
static unsigned long span(lua_Integer first, lua_Integer last)
{
	if (last < first)
		return 0;
	lua_Unsigned n = (lua_Unsigned)last - (lua_Unsigned)first;
	return n >= ULONG_MAX ? ULONG_MAX : (unsigned long)n + 1;
}

static unsigned long add_saturating(unsigned long a, unsigned long b)
{
	return a > ULONG_MAX - b ? ULONG_MAX : a + b;
}

/* A position as the string functions read one: negative counts from the
 * end; clamped to 1 .. length + 1. */
static lua_Integer position(lua_Integer pos, size_t length)
{
	if (pos < 0)
		pos = (lua_Integer)length + pos + 1;
	if (pos < 1)
		return 1;
	return (size_t)pos > length ? (lua_Integer)length + 1 : pos;
}

/* ---- charged by the bytes of their string arguments ------------------------- */

static int metered_bytes(lua_State *L)
{
	unsigned long bytes = 0;
	for (int i = 1, n = lua_gettop(L); i <= n; i++)
		if (lua_type(L, i) == LUA_TSTRING)
			bytes = add_saturating(bytes, (unsigned long)lua_rawlen(L, i));
	charge(L, 1 + bytes / METER_BYTES_PER_STEP);
	return standard_of(L)(L);
}

/* string.byte and utf8.codepoint: a value pushed per byte of s[i..j]
 * (j defaults to i). */
static int metered_values(lua_State *L)
{
	unsigned long values = 0;
	if (lua_type(L, 1) == LUA_TSTRING) {
		size_t length = lua_rawlen(L, 1);
		lua_Integer first = position(luaL_optinteger(L, 2, 1), length);
		lua_Integer last = lua_isnoneornil(L, 3) ? first : luaL_checkinteger(L, 3);
		last = position(last, length);
		if (last > (lua_Integer)length)
			last = (lua_Integer)length;
		values = span(first, last);
	}
	charge(L, add_saturating(1, values));
	return standard_of(L)(L);
}

/* string.rep: "" repeated n times looped n times doing nothing. */
static int metered_rep(lua_State *L)
{
	size_t length, separator = 0;
	luaL_checklstring(L, 1, &length);
	luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &separator);
	if (length + separator == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	charge(L, 1);
	return standard_of(L)(L);
}

/* The iterator utf8.codes returns: it skips continuation bytes before
 * each character, all of them when a rule calls it on a string of them. */
static int metered_codes_step(lua_State *L)
{
	unsigned long skipped = 0;
	if (lua_type(L, 1) == LUA_TSTRING) {
		size_t length;
		const char *s = lua_tolstring(L, 1, &length);
		lua_Unsigned at = (lua_Unsigned)lua_tointeger(L, 2);
		for (; at < length && ((unsigned char)s[at] & 0xC0) == 0x80; at++)
			skipped++;
	}
	charge(L, 1 + skipped / METER_BYTES_PER_STEP);
	return standard_of(L)(L);
}

static int metered_codes(lua_State *L)
{
	int results = standard_of(L)(L);
	if (results == 3 && lua_tocfunction(L, -3)) {
		lua_pushlightuserdata(L, (void *)(uintptr_t)lua_tocfunction(L, -3));
		lua_pushvalue(L, lua_upvalueindex(2));
		lua_pushcclosure(L, metered_codes_step, 2);
		lua_replace(L, -4);
	}
	return results;
}

/* ---- the table library: one step per element ---------------------------------- */

/* Loops charge as they go, a chunk at a time, so that the meter (which
 * also listens for SIGINT and SIGTERM) is asked every CHUNK elements
 * however long the loop would run. */
#define CHUNK 1024

typedef struct ticker {
	unsigned long pending;
} ticker;

static void tick(lua_State *L, ticker *t)
{
	if (++t->pending == CHUNK) {
		charge(L, CHUNK);
		t->pending = 0;
	}
}

static void tick_done(lua_State *L, ticker *t)
{
	charge(L, 1 + t->pending);
}

/* table.concat over a long range: the standard concat a chunk at a time,
 * the pieces joined with the separator. */
static int metered_concat(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	size_t separator_length;
	const char *separator = luaL_optlstring(L, 2, "", &separator_length);
	lua_Integer first = luaL_optinteger(L, 3, 1);
	lua_Integer last = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
	lua_CFunction standard = standard_of(L);
	if (span(first, last) <= CHUNK) {
		charge(L, 1 + span(first, last));
		/* The range as charged: the standard concat does not ask
		 * __len again. */
		lua_settop(L, 2);
		lua_pushinteger(L, first);
		lua_pushinteger(L, last);
		return standard(L);
	}
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (lua_Integer from = first;; from += CHUNK) {
		lua_Integer to = last - from < CHUNK ? last : from + CHUNK - 1;
		charge(L, CHUNK);
		lua_pushcfunction(L, standard);
		lua_pushvalue(L, 1);
		lua_pushlstring(L, separator, separator_length);
		lua_pushinteger(L, from);
		lua_pushinteger(L, to);
		if (lua_pcall(L, 4, 1, 0) != LUA_OK) {
			/* Its error, at the rule's line, as if it were the
			 * standard concat's. */
			if (lua_type(L, -1) == LUA_TSTRING)
				luaL_error(L, "%s", lua_tostring(L, -1));
			lua_error(L);
		}
		luaL_addvalue(&b);
		if (to == last)
			break;
		luaL_addlstring(&b, separator, separator_length);
	}
	luaL_pushresult(&b);
	return 1;
}

/* table.unpack returns at most what fits on the stack (a million). */
static int metered_unpack(lua_State *L)
{
	lua_Integer first = luaL_optinteger(L, 2, 1);
	lua_Integer last = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
	charge(L, 1 + span(first, last));
	lua_settop(L, 3);
	lua_pushinteger(L, first);
	lua_replace(L, 2);
	lua_pushinteger(L, last);
	lua_replace(L, 3);
	return standard_of(L)(L);
}

/* table.insert, remove and move are written here rather than wrapped: the
 * standard ones loop without a word to the meter, and take the length
 * themselves (a __len may answer differently the second time).  They
 * behave as Lua 5.4's, errors included, but want real tables. */
static int metered_insert(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_Integer end = (lua_Integer)((lua_Unsigned)luaL_len(L, 1) + 1u); /* first empty */
	lua_Integer pos = end;
	ticker t = { 0 };
	switch (lua_gettop(L)) {
	case 2:
		break;
	case 3:
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)end, 2, "position out of bounds");
		for (lua_Integer i = end; i > pos; i--) {
			lua_geti(L, 1, i - 1);
			lua_seti(L, 1, i);
			tick(L, &t);
		}
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'insert'");
	}
	tick_done(L, &t);
	lua_seti(L, 1, pos);
	return 0;
}

static int metered_remove(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_Integer size = luaL_len(L, 1);
	lua_Integer pos = luaL_optinteger(L, 2, size);
	/* (Lua 5.4.4 names argument 1 here, and so does this.) */
	if (pos != size)
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 1, "position out of bounds");
	ticker t = { 0 };
	lua_geti(L, 1, pos);
	for (; pos < size; pos++) {
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
		tick(L, &t);
	}
	tick_done(L, &t);
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

static int metered_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2);
	lua_Integer e = luaL_checkinteger(L, 3);
	lua_Integer t = luaL_checkinteger(L, 4);
	int tt = !lua_isnoneornil(L, 5) ? 5 : 1; /* the destination */
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checktype(L, tt, LUA_TTABLE);
	ticker ticks = { 0 };
	if (e >= f) {
		luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
		lua_Integer n = e - f + 1;
		luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
		if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
			for (lua_Integer i = 0; i < n; i++) {
				lua_geti(L, 1, f + i);
				lua_seti(L, tt, t + i);
				tick(L, &ticks);
			}
		} else {
			for (lua_Integer i = n - 1; i >= 0; i--) {
				lua_geti(L, 1, f + i);
				lua_seti(L, tt, t + i);
				tick(L, &ticks);
			}
		}
	}
	tick_done(L, &ticks);
	lua_pushvalue(L, tt);
	return 1;
}

/* n log2 n comparisons, saturating. */
static unsigned long sort_steps(lua_Integer n)
{
	if (n < 2)
		return 1;
	unsigned long steps = (unsigned long)n, log = 1;
	for (lua_Integer m = n; m > 1; m >>= 1)
		log++;
	return steps > ULONG_MAX / log ? ULONG_MAX : steps * log;
}

static int metered_sort(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (!lua_getmetatable(L, 1)) {
		/* A plain table: its length is what the standard sort sees. */
		charge(L, sort_steps((lua_Integer)lua_rawlen(L, 1)));
		return standard_of(L)(L);
	}
	lua_pop(L, 1);
	/* With a metatable, the elements are read once into a plain table,
	 * sorted there and written back: what __len or __index answer cannot
	 * make the sort longer than it was charged for. */
	lua_Integer n = luaL_len(L, 1);
	luaL_argcheck(L, n < INT_MAX, 1, "array too big");
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TFUNCTION);
	charge(L, add_saturating(2 * span(1, n), sort_steps(n)));
	lua_settop(L, 2);
	lua_createtable(L, n > 0 ? (int)n : 0, 0);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_geti(L, 1, i);
		lua_rawseti(L, 3, i);
	}
	lua_pushcfunction(L, standard_of(L));
	lua_pushvalue(L, 3);
	lua_pushvalue(L, 2);
	lua_call(L, 2, 0);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 3, i);
		lua_seti(L, 1, i);
	}
	return 0;
}

/* ---- installing ------------------------------------------------------------------ */

typedef struct replacement {
	const char *name;
	lua_CFunction metered;
} replacement;

static const replacement base_functions[] = {
	{ "tonumber", metered_bytes },
	{ "rawequal", metered_bytes },
	{ NULL, NULL },
};

static const replacement string_functions[] = {
	{ "byte", metered_values }, { "rep", metered_rep },         { "pack", metered_bytes },
	{ "packsize", metered_bytes }, { "unpack", metered_bytes }, { NULL, NULL },
};

static const replacement table_functions[] = {
	{ "concat", metered_concat }, { "insert", metered_insert }, { "remove", metered_remove },
	{ "move", metered_move },     { "unpack", metered_unpack }, { "sort", metered_sort },
	{ NULL, NULL },
};

static const replacement utf8_functions[] = {
	{ "len", metered_bytes },    { "codepoint", metered_values }, { "offset", metered_bytes },
	{ "codes", metered_codes }, { NULL, NULL },
};

/* Replace the C function at field `name` of the table at t (if it is one)
 * by `metered` wrapping it. */
static void replace(lua_State *L, int t, const char *name, lua_CFunction metered, meter_charge meter)
{
	lua_getfield(L, t, name);
	lua_CFunction standard = lua_tocfunction(L, -1);
	lua_pop(L, 1);
	if (!standard)
		return;
	lua_pushlightuserdata(L, (void *)(uintptr_t)standard);
	lua_pushlightuserdata(L, (void *)(uintptr_t)meter);
	lua_pushcclosure(L, metered, 2);
	lua_setfield(L, t, name);
}

void meter_install(lua_State *L, int lib_index, const char *name, meter_charge meter)
{
	lib_index = lua_absindex(L, lib_index);
	if (!strcmp(name, "math")) {
		/* Every math function takes numeric strings, and converting one
		 * reads all of it.  (random and randomseed keep state in an
		 * upvalue; the sandbox does not offer them.) */
		lua_pushnil(L);
		while (lua_next(L, lib_index)) {
			lua_pop(L, 1);
			const char *field = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
			if (field && strcmp(field, "random") != 0 && strcmp(field, "randomseed") != 0) {
				/* Setting an existing field during lua_next is allowed. */
				replace(L, lib_index, field, metered_bytes, meter);
			}
		}
		return;
	}
	const replacement *list = !strcmp(name, "_G")       ? base_functions
	                          : !strcmp(name, "string") ? string_functions
	                          : !strcmp(name, "table")  ? table_functions
	                          : !strcmp(name, "utf8")   ? utf8_functions
	                                                    : NULL;
	for (; list && list->name; list++)
		replace(L, lib_index, list->name, list->metered, meter);
}

void meter_install_string_metamethods(lua_State *L, meter_charge meter)
{
	lua_pushliteral(L, "");
	if (!lua_getmetatable(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	int mt = lua_gettop(L);
	static const char *const arithmetic[] = { "__add", "__sub", "__mul", "__mod", "__pow",
		                                  "__div", "__idiv", "__unm", NULL };
	for (const char *const *p = arithmetic; *p; p++)
		replace(L, mt, *p, metered_bytes, meter);
	lua_pop(L, 2);
}

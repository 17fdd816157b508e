/*
 * Unit tests for rules_meter.c: the metered library functions give what
 * Lua's own give (a property test over random tables, ranges and strings,
 * run in two states side by side), and they charge for the work they do:
 * a C loop that once ran for ever is stopped by its meter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <limits.h>
#include <lualib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_meter.h"

/* The meter of these tests: counts, and raises past `budget`. */
static unsigned long charged, budget;

static void count_steps(lua_State *L, unsigned long steps)
{
	charged = steps > ULONG_MAX - charged ? ULONG_MAX : charged + steps;
	if (charged > budget)
		luaL_error(L, "over budget");
}

static lua_State *new_state(bool metered)
{
	lua_State *L = luaL_newstate();
	assert_non_null(L);
	luaL_openlibs(L);
	if (metered) {
		static const char *const libraries[] = { "_G", "string", "table", "math", "utf8", NULL };
		for (const char *const *name = libraries; *name; name++) {
			if (!strcmp(*name, "_G"))
				lua_pushglobaltable(L);
			else
				lua_getglobal(L, *name);
			meter_install(L, -1, *name, count_steps);
			lua_pop(L, 1);
		}
		meter_install_string_metamethods(L, count_steps);
	}
	return L;
}

/* Run chunk in L: what it returns (or its error), as text. */
static char *run(lua_State *L, const char *chunk)
{
	char *out = NULL;
	if (luaL_loadstring(L, chunk) != LUA_OK)
		fail_msg("%s: %s", chunk, lua_tostring(L, -1));
	int status = lua_pcall(L, 0, 1, 0);
	const char *text = lua_tostring(L, -1);
	size_t n = strlen(text ? text : "?") + 16;
	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%s %s", status == LUA_OK ? "ok" : "error", text ? text : "?");
	lua_pop(L, 1);
	return out;
}

/* Both states run the same chunk, seeded alike: the results must match. */
static void same(lua_State *plain, lua_State *metered, const char *chunk)
{
	budget = ULONG_MAX;
	char *a = run(plain, chunk), *b = run(metered, chunk);
	if (strcmp(a, b) != 0)
		fail_msg("%s\n  Lua:     %s\n  metered: %s", chunk, a, b);
	free(a);
	free(b);
}

/* Lua code that builds a random table and runs one operation on it,
 * returning everything the operation left behind as text. */
static const char *const cases[] = {
	"local t = T() return table.concat(t, ',') .. '|' .. table.concat(t, '', A, B)",
	"local t = T() table.insert(t, V) return DUMP(t)",
	"local t = T() local ok = pcall(table.insert, t, A, V) return tostring(ok) .. DUMP(t)",
	"local t = T() local ok, v = pcall(table.remove, t, A) return tostring(ok) .. tostring(v) .. DUMP(t)",
	"local t = T() local v = table.remove(t) return tostring(v) .. DUMP(t)",
	"local t = T() local ok = pcall(table.move, t, A, B, C) return tostring(ok) .. DUMP(t)",
	"local t, u = T(), T() table.move(t, A, B, C, u) return DUMP(t) .. DUMP(u)",
	"local t = T() local r = {pcall(table.unpack, t, A, B)} return tostring(r[1]) .. table.concat(r, ',', 2)",
	"local t = T() t[A] = true return table.concat({pcall(table.concat, t, ',')}, ' ', 2)",
	"local t = T() t[#t // 2 + 1] = {} return tostring(select(2, pcall(table.concat, t, '-')))",
	"local t = T() table.sort(t) return DUMP(t)",
	"local t = T() table.sort(t, function(a, b) return a > b end) return DUMP(t)",
	"local t = setmetatable(T(), {__len = function(t) return rawlen(t) end}) table.sort(t) return DUMP(t)",
	"local s = S() local r = {pcall(string.byte, s, A, B)} return tostring(r[1]) .. table.concat(r, ',', 2)",
	"local s = S() local r = {pcall(utf8.codepoint, s, A % 50, B % 50, true)} return tostring(r[1]) .. table.concat(r, ',', 2)",
	"local s = S() return tostring(utf8.len(s, 1, -1, true)) .. tostring(utf8.offset(s, A % 5))",
	"local s = S() local out = {} local ok = pcall(function() for p, c in utf8.codes(s, true) do out[#out + 1] = p .. ':' .. c end end) return tostring(ok) .. table.concat(out, ',')",
	"return S():rep(A % 4, B % 2 == 0 and '' or '-') .. ('' ):rep(A) .. ('x'):rep(-1)",
	"return tostring(tonumber(S())) .. tostring(tonumber('  ' .. A .. '  ')) .. tostring(rawequal(S(), S()))",
	"return tostring(math.floor(A / 3)) .. tostring(math.max(A, B, C)) .. tostring(pcall(math.abs, S()))",
	"return tostring(pcall(function() return ('' .. A) + 1 end)) .. tostring(pcall(function() return -('' .. B) end))",
	"return string.pack('i4', A) .. tostring(string.packsize('i4i8')) .. table.concat({string.unpack('i4', string.pack('i4', B))}, ',')",
};

static void metered_functions_agree_with_lua(void **state)
{
	(void)state;
	lua_State *plain = new_state(false), *metered = new_state(true);
	/* T(): a random sequence; S(): a random string, sometimes invalid
	 * UTF-8; A, B, C: random positions, some out of range; V: a value. */
	const char *prelude = "local seed = ...\n"
	                      "math.randomseed(seed)\n"
	                      "function T() local t = {} for i = 1, math.random(0, 3000) do t[i] = math.random(-9, 9) end return t end\n"
	                      "function S() local b = {} for i = 1, math.random(0, 40) do b[i] = math.random(0, 255) end return string.char(table.unpack(b)) end\n"
	                      "function DUMP(t) local o = {} for k, v in pairs(t) do o[#o + 1] = tostring(k) .. '=' .. tostring(v) end table.sort(o) return '{' .. table.concat(o, ' ') .. '}' end\n"
	                      "A, B, C, V = math.random(-5, 3100), math.random(-5, 3100), math.random(-5, 3100), math.random(100)\n";
	for (int seed = 1; seed <= 60; seed++) {
		for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
			lua_State *both[] = { plain, metered };
			for (int k = 0; k < 2; k++) {
				if (luaL_loadstring(both[k], prelude) != LUA_OK)
					fail_msg("%s", lua_tostring(both[k], -1));
				lua_pushinteger(both[k], seed * 1000 + (lua_Integer)i);
				if (lua_pcall(both[k], 1, 0, 0) != LUA_OK)
					fail_msg("%s", lua_tostring(both[k], -1));
			}
			same(plain, metered, cases[i]);
		}
	}
	lua_close(plain);
	lua_close(metered);
}

/* Each of these looped in C for ever, or for days; metered, the meter
 * stops it, having been asked along the way. */
static void long_loops_are_charged(void **state)
{
	(void)state;
	static const char *const loops[] = {
		"table.move({}, 1, math.maxinteger - 1, 1)",
		"table.concat(setmetatable({}, {__index = function() return '' end}), '', 1, math.maxinteger)",
		"table.concat(setmetatable({}, {__index = type}), '', 1, 1e12)",
		"table.insert(setmetatable({}, {__len = function() return math.maxinteger - 1 end}), 1, 'x')",
		"table.remove(setmetatable({}, {__len = function() return math.maxinteger end}), 1)",
		"table.unpack({}, 1, 1e7)",
		"local s = string.rep('a', 1 << 18) for i = 1, 1e9 do utf8.len(s) end",
		"local s = string.rep('\\x80', 1 << 18) local f = utf8.codes('a') for i = 1, 1e9 do f(s, 0) end",
		"local s = string.rep('1', 1 << 18) for i = 1, 1e9 do tonumber(s) end",
		"local s = string.rep('1', 1 << 18) for i = 1, 1e9 do local x = s + 1 end",
		"local s = string.rep('1', 1 << 18) for i = 1, 1e9 do math.abs(s) end",
		"local s = string.rep('1', 1 << 18) for i = 1, 1e9 do string.byte(s, 1, -1) end",
	};
	lua_State *L = new_state(true);
	for (size_t i = 0; i < sizeof loops / sizeof *loops; i++) {
		charged = 0;
		budget = 4u << 20;
		if (luaL_loadstring(L, loops[i]) != LUA_OK)
			fail_msg("%s", lua_tostring(L, -1));
		if (lua_pcall(L, 0, 0, 0) == LUA_OK)
			fail_msg("%s: finished, having charged %lu steps", loops[i], charged);
		if (!strstr(lua_tostring(L, -1), "over budget"))
			fail_msg("%s: %s", loops[i], lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	/* string.rep of empty strings is "" at once, whatever the count */
	charged = 0;
	budget = 10;
	char *r = run(L, "return #string.rep('', math.maxinteger) .. #string.rep('', 1e15, '')");
	assert_string_equal(r, "ok 00");
	free(r);
	lua_close(L);
}

/* Small work costs little: a table of ten, a short string. */
static void short_work_costs_little(void **state)
{
	(void)state;
	lua_State *L = new_state(true);
	charged = 0;
	budget = ULONG_MAX;
	char *r = run(L, "local t = {1,2,3,4,5,6,7,8,9,10} table.sort(t) table.insert(t, 1, 0) "
	                 "return table.concat(t, ',') .. utf8.len('资产管理') .. ('abc'):byte(2)");
	assert_string_equal(r, "ok 0,1,2,3,4,5,6,7,8,9,10498");
	free(r);
	assert_true(charged < 200);
	lua_close(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(metered_functions_agree_with_lua),
		cmocka_unit_test(long_loops_are_charged),
		cmocka_unit_test(short_work_costs_little),
	};
	return cmocka_run_group_tests_name("rules_meter", tests, NULL, NULL);
}
